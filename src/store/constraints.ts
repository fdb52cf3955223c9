/**
 * The unique keys repositories turn into DUPLICATE errors, and the tables that
 * foreign keys point at. The migrations create these keys under exactly these
 * names (a test checks the live schema on both backends against this list).
 */

/** One unique key (or primary key) and what a violation of it means to a user. */
export interface UniqueKey {
  table: string;
  columns: readonly string[];
  /** Index name as MySQL reports it in ER_DUP_ENTRY (`PRIMARY` for a primary key). */
  index: string;
  /** Domain entity and field named in the DUPLICATE error. */
  entity: string;
  field: string;
}

const key = (
  table: string,
  columns: readonly string[],
  index: string,
  entity: string,
  field: string,
): UniqueKey => ({ table, columns, index, entity, field });

/** Every unique key a user can collide with. */
export const UNIQUE_KEYS = {
  businessLineName: key(
    'business_lines',
    ['name'],
    'business_lines_name_unique',
    'BusinessLine',
    'name',
  ),
  username: key('users', ['username'], 'users_username_unique', 'User', 'username'),
  apiKeyHash: key('api_keys', ['hash'], 'api_keys_hash_unique', 'ApiKey', 'hash'),
  sessionHash: key('sessions', ['hash'], 'PRIMARY', 'Session', 'hash'),
  agentExtension: key('agents', ['extension'], 'agents_extension_unique', 'Agent', 'extension'),
  skillName: key('skills', ['name'], 'skills_name_unique', 'Skill', 'name'),
  queueName: key(
    'queues',
    ['business_line_id', 'name'],
    'queues_business_line_id_name_unique',
    'Queue',
    'name',
  ),
  membership: key(
    'queue_memberships',
    ['queue_id', 'agent_id'],
    'PRIMARY',
    'QueueMembership',
    'agentId',
  ),
  callLinkedId: key('calls', ['linked_id'], 'calls_linked_id_unique', 'Call', 'linkedId'),
  didRoute: key('did_routes', ['did', 'trunk'], 'did_routes_did_trunk_unique', 'DidRoute', 'did'),
  vipNumber: key(
    'vip_callers',
    ['business_line_id', 'number'],
    'vip_callers_business_line_id_number_unique',
    'VipCaller',
    'number',
  ),
  legChannelId: key(
    'call_legs',
    ['channel_id'],
    'call_legs_channel_id_unique',
    'CallLeg',
    'channelId',
  ),
  callbackOpenNumber: key(
    'callback_tasks',
    ['queue_id', 'open_number'],
    'callback_tasks_queue_id_open_number_unique',
    'CallbackTask',
    'number',
  ),
} as const satisfies Record<string, UniqueKey>;

/** A table a foreign key points at, with the entity name errors use. */
export interface ReferencedTable {
  table: string;
  entity: string;
}

/** Every table that foreign keys reference (always by its `id` column). */
export const REFERENCED = {
  businessLine: { table: 'business_lines', entity: 'BusinessLine' },
  user: { table: 'users', entity: 'User' },
  agent: { table: 'agents', entity: 'Agent' },
  skill: { table: 'skills', entity: 'Skill' },
  queue: { table: 'queues', entity: 'Queue' },
  call: { table: 'calls', entity: 'Call' },
  contact: { table: 'contacts', entity: 'Contact' },
} as const satisfies Record<string, ReferencedTable>;
