import { Model } from 'objection';

/** A row of `user_business_lines`: a user belongs to a business line. */
export class UserBusinessLineModel extends Model {
  static override tableName = 'user_business_lines';
  static override idColumn = ['user_id', 'business_line_id'];
  declare user_id: string;
  declare business_line_id: string;
}
