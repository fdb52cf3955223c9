import { Model } from 'objection';
import type { DbTime } from '../db-time.ts';

/** A row of `audit_log`. Rows are only ever inserted. */
export class AuditEntryModel extends Model {
  static override tableName = 'audit_log';
  static override idColumn = 'id';
  /** Insertion order (auto-increment); not part of the domain entry. */
  declare seq: number;
  declare id: string;
  declare at: DbTime;
  declare actor_user_id: string | null;
  declare actor_name: string;
  declare action: string;
  declare entity: string | null;
  declare entity_id: string | null;
  /** JSON text, or null when the entry has no snapshot. */
  declare before_json: string | null;
  declare after_json: string | null;
  declare source: string | null;
}
