/**
 * The IVR tables' unique keys (named as in migration 0004), for DUPLICATE
 * errors that name the entity and field. Kept beside the IVR repositories;
 * the shape is the store's `UniqueKey`.
 */
import type { ReferencedTable, UniqueKey } from '../constraints.ts';

const key = (
  table: string,
  columns: readonly string[],
  index: string,
  entity: string,
  field: string,
): UniqueKey => ({ table, columns, index, entity, field });

/** Every IVR unique key a user can collide with. */
export const IVR_UNIQUE_KEYS = {
  flowKey: key('ivr_flows', ['flow_key'], 'ivr_flows_flow_key_unique', 'IvrFlow', 'key'),
  flowVersion: key(
    'ivr_flow_versions',
    ['flow_id', 'version'],
    'ivr_flow_versions_flow_id_version_unique',
    'IvrFlowVersion',
    'version',
  ),
  scheduleKey: key(
    'ivr_schedules',
    ['business_line_id', 'schedule_key'],
    'ivr_schedules_business_line_id_schedule_key_unique',
    'IvrSchedule',
    'key',
  ),
  firewallEntry: key(
    'ivr_firewall_entries',
    ['business_line_id', 'list', 'match_kind', 'value'],
    'ivr_firewall_entries_line_list_match_value_unique',
    'IvrFirewallEntry',
    'value',
  ),
  did: key('ivr_did_routes', ['did'], 'ivr_did_routes_did_unique', 'IvrDidRoute', 'did'),
  mailboxKey: key(
    'ivr_mailboxes',
    ['business_line_id', 'mailbox_key'],
    'ivr_mailboxes_business_line_id_mailbox_key_unique',
    'IvrMailbox',
    'key',
  ),
} as const satisfies Record<string, UniqueKey>;

/** Tables IVR foreign keys point at. */
export const IVR_REFERENCED = {
  businessLine: { table: 'business_lines', entity: 'BusinessLine' },
  flow: { table: 'ivr_flows', entity: 'IvrFlow' },
  queue: { table: 'queues', entity: 'Queue' },
  mailbox: { table: 'ivr_mailboxes', entity: 'IvrMailbox' },
  user: { table: 'users', entity: 'User' },
} as const satisfies Record<string, ReferencedTable>;
