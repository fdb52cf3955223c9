import { Model } from 'objection';
import type { DbTime } from '../db-time.ts';

/** A row of `skills`. */
export class SkillModel extends Model {
  static override tableName = 'skills';
  static override idColumn = 'id';
  declare id: string;
  declare name: string;
  declare description: string;
  declare created_at: DbTime;
}
