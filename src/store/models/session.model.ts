import { Model } from 'objection';
import type { DbTime } from '../db-time.ts';

/** A row of `sessions`, keyed by the digest of the session token. */
export class SessionModel extends Model {
  static override tableName = 'sessions';
  static override idColumn = 'hash';
  declare hash: string;
  declare user_id: string;
  declare created_at: DbTime;
  declare expires_at: DbTime;
}
