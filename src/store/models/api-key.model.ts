import { Model } from 'objection';
import type { DbTime } from '../db-time.ts';

/** A row of `api_keys`; `hash` is the digest of the key, never the key. */
export class ApiKeyModel extends Model {
  static override tableName = 'api_keys';
  static override idColumn = 'id';
  declare id: string;
  declare user_id: string;
  declare name: string;
  declare prefix: string;
  declare hash: string;
  declare created_at: DbTime;
  declare last_used_at: DbTime | null;
  declare revoked_at: DbTime | null;
}
