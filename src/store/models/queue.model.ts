import { Model, type RelationMappings } from 'objection';
import type { DbTime } from '../db-time.ts';
import { QueueSkillModel } from './queue-skill.model.ts';

/** A row of `queues`. */
export class QueueModel extends Model {
  static override tableName = 'queues';
  static override idColumn = 'id';
  declare id: string;
  declare business_line_id: string;
  declare name: string;
  declare strategy: string;
  declare ring_timeout_s: number;
  declare max_wait_s: number | null;
  declare max_length: number | null;
  declare wrap_up_s: number;
  declare service_level_s: number;
  declare service_level_target: number;
  declare created_at: DbTime;
  declare updated_at: DbTime;
  declare requiredSkills?: QueueSkillModel[];

  static override relationMappings = (): RelationMappings => ({
    requiredSkills: {
      relation: Model.HasManyRelation,
      modelClass: QueueSkillModel,
      join: { from: 'queues.id', to: 'queue_skills.queue_id' },
    },
  });
}
