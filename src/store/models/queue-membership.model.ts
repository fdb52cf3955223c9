import { Model } from 'objection';
import type { DbTime } from '../db-time.ts';

/** A row of `queue_memberships`: an agent answers a queue, with a penalty. */
export class QueueMembershipModel extends Model {
  static override tableName = 'queue_memberships';
  static override idColumn = ['queue_id', 'agent_id'];
  declare queue_id: string;
  declare agent_id: string;
  declare penalty: number;
  declare created_at: DbTime;
}
