import { Model } from 'objection';
import type { DbTime } from '../db-time.ts';

/** A row of `business_lines`. */
export class BusinessLineModel extends Model {
  static override tableName = 'business_lines';
  static override idColumn = 'id';
  declare id: string;
  declare name: string;
  declare timezone: string;
  declare default_country: string;
  declare created_at: DbTime;
  declare updated_at: DbTime;
}
