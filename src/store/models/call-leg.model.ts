import { Model } from 'objection';
import type { DbTime } from '../db-time.ts';

/** A row of `call_legs`: one channel of a call, identified by its Asterisk uniqueid. */
export class CallLegModel extends Model {
  static override tableName = 'call_legs';
  static override idColumn = 'id';
  declare id: string;
  declare call_id: string;
  declare channel_id: string;
  declare channel_name: string;
  declare role: string;
  declare agent_id: string | null;
  declare started_at: DbTime;
  declare answered_at: DbTime | null;
  declare ended_at: DbTime | null;
  declare hangup_cause: number | null;
  // Added by 0006_records.
  declare ringing_at: DbTime | null;
}
