import { Model } from 'objection';

/** A row of `agent_skills`: an agent holds a skill at a level 1..10. */
export class AgentSkillModel extends Model {
  static override tableName = 'agent_skills';
  static override idColumn = ['agent_id', 'skill_id'];
  declare agent_id: string;
  declare skill_id: string;
  declare level: number;
}
