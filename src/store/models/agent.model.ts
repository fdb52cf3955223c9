import { Model, type RelationMappings } from 'objection';
import type { DbTime } from '../db-time.ts';
import { AgentSkillModel } from './agent-skill.model.ts';

/** A row of `agents`. */
export class AgentModel extends Model {
  static override tableName = 'agents';
  static override idColumn = 'id';
  declare id: string;
  declare business_line_id: string;
  declare name: string;
  declare extension: string;
  declare reach: string;
  declare endpoint: string;
  declare created_at: DbTime;
  declare updated_at: DbTime;
  declare skills?: AgentSkillModel[];

  static override relationMappings = (): RelationMappings => ({
    skills: {
      relation: Model.HasManyRelation,
      modelClass: AgentSkillModel,
      join: { from: 'agents.id', to: 'agent_skills.agent_id' },
    },
  });
}
