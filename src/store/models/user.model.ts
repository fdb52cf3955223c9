import { Model, type RelationMappings } from 'objection';
import type { DbTime } from '../db-time.ts';
import { UserBusinessLineModel } from './user-business-line.model.ts';

/** A row of `users`. */
export class UserModel extends Model {
  static override tableName = 'users';
  static override idColumn = 'id';
  declare id: string;
  declare username: string;
  declare display_name: string;
  declare role: string;
  declare agent_id: string | null;
  declare password_hash: string | null;
  /** 0/1 on both backends. */
  declare disabled: number | boolean;
  declare created_at: DbTime;
  declare updated_at: DbTime;
  declare businessLines?: UserBusinessLineModel[];

  static override relationMappings = (): RelationMappings => ({
    businessLines: {
      relation: Model.HasManyRelation,
      modelClass: UserBusinessLineModel,
      join: { from: 'users.id', to: 'user_business_lines.user_id' },
    },
  });
}
