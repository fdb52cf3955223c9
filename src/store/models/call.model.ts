import { Model } from 'objection';
import type { DbTime } from '../db-time.ts';

/** A row of `calls`: one call, identified by Asterisk's linkedid. */
export class CallModel extends Model {
  static override tableName = 'calls';
  static override idColumn = 'id';
  declare id: string;
  declare linked_id: string;
  declare business_line_id: string | null;
  declare direction: string;
  declare ani: string;
  declare dnis: string;
  declare queue_id: string | null;
  declare agent_id: string | null;
  declare started_at: DbTime;
  declare answered_at: DbTime | null;
  declare ended_at: DbTime | null;
  declare hangup_cause: number | null;
  declare hangup_by: string | null;
  declare disposition: string | null;
  declare notes: string | null;
  // Added by 0006_records.
  declare source: string;
  declare trunk: string | null;
  declare ivr_path: string | null;
  declare queue_entered_at: DbTime | null;
  declare hold_ms: number | null;
  declare wrap_up_ms: number | null;
  declare transfers: number;
  declare callback_requested: boolean | number;
  declare campaign_id: string | null;
  declare attempt: number | null;
  declare cost_micros: number | string | null;
  declare caller_country: string | null;
  declare caller_region: string | null;
  declare caller_number_type: string | null;
  /** Revision of the application picture stored last (see record-entry.ts). */
  declare picture_revision: number | string | null;
}
