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
}
