import { Model } from 'objection';

/** A row of `queue_skills`: a queue's calls require a skill at a minimum level. */
export class QueueSkillModel extends Model {
  static override tableName = 'queue_skills';
  static override idColumn = ['queue_id', 'skill_id'];
  declare queue_id: string;
  declare skill_id: string;
  declare min_level: number;
}
