/** Agents (`agents`) and the skills they hold (`agent_skills`). */
import type { Knex } from 'knex';
import type { AgentInput, AgentRepository } from '../../app/ports.ts';
import type { Agent, AgentReach, AgentSkill } from '../../domain/directory/entities.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { REFERENCED, UNIQUE_KEYS } from '../constraints.ts';
import { type ConstraintRules, withConstraintErrors } from '../db-errors.ts';
import { fromDbTime, toDbTime } from '../db-time.ts';
import { AgentModel } from '../models/agent.model.ts';
import { AgentSkillModel } from '../models/agent-skill.model.ts';
import { insertChildRows, replaceChildRows } from './child-rows.ts';
import { checkInt, checkOneOf, checkText, checkUnique } from './input-checks.ts';
import { checkPage, distinct, inRequestOrder, paged, scoped, selectsNothing } from './listing.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

/** Every reach; a Record so that a new AgentReach fails to compile until listed. */
const REACHES: Record<AgentReach, true> = { sip: true, external: true };

function toAgent(row: AgentModel): Agent {
  return {
    id: row.id,
    businessLineId: row.business_line_id,
    name: row.name,
    extension: row.extension,
    reach: row.reach as AgentReach,
    endpoint: row.endpoint,
    skills: (row.skills ?? []).map((s) => ({ skillId: s.skill_id, level: s.level })),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

function checkFields(input: Partial<AgentInput>): void {
  if (input.name !== undefined) checkText('name', input.name, 255);
  if (input.extension !== undefined) checkText('extension', input.extension, 32);
  if (input.reach !== undefined) checkOneOf('reach', input.reach, Object.keys(REACHES));
  if (input.endpoint !== undefined) checkText('endpoint', input.endpoint, 255);
  if (input.skills !== undefined) {
    for (const skill of input.skills) checkInt('skills.level', skill.level, 1, 10);
    checkUnique(
      'skills',
      input.skills.map((s) => s.skillId),
    );
  }
}

function rulesFor(input: Partial<AgentInput>): ConstraintRules {
  return {
    unique:
      input.extension === undefined
        ? []
        : [{ key: UNIQUE_KEYS.agentExtension, value: input.extension }],
    references: [
      { field: 'businessLineId', target: REFERENCED.businessLine, ids: [input.businessLineId] },
      {
        field: 'skills',
        target: REFERENCED.skill,
        ids: (input.skills ?? []).map((s) => s.skillId),
      },
    ],
  };
}

function columnsOf(input: Partial<AgentInput>) {
  return {
    ...(input.businessLineId === undefined ? {} : { business_line_id: input.businessLineId }),
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.extension === undefined ? {} : { extension: input.extension }),
    ...(input.reach === undefined ? {} : { reach: input.reach }),
    ...(input.endpoint === undefined ? {} : { endpoint: input.endpoint }),
  };
}

/** Agents with their skills: one query for the agents, one for all their skills. */
function withSkills(db: Knex) {
  return AgentModel.query(db)
    .withGraphFetched('skills')
    .modifyGraph('skills', (qb) => qb.orderBy('skill_id'));
}

/** An agent's skill rows. */
const skillRows = (agentId: string, skills: readonly AgentSkill[]) =>
  skills.map((s) => ({ agent_id: agentId, skill_id: s.skillId, level: s.level }));

/** The agent repository over `deps.db`. */
export function createAgentRepository({ db, clock }: RepositoryDeps): AgentRepository {
  const load = async (executor: Knex, id: string) => {
    const row = await withSkills(executor).findById(id);
    return row ? toAgent(row) : undefined;
  };

  return {
    get: (id) => load(db, id),

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await withSkills(db).findByIds(distinct(ids));
      return inRequestOrder(ids, rows.map(toAgent));
    },

    async getByExtension(extension) {
      const row = await withSkills(db).findOne({ extension });
      return row ? toAgent(row) : undefined;
    },

    async list(filter, page) {
      checkPage(page);
      if (selectsNothing(filter)) return [];
      const rows = await withSkills(db)
        .modify(scoped('business_line_id', filter))
        .orderBy('name')
        .orderBy('id')
        .modify(paged(page));
      return rows.map(toAgent);
    },

    async create(input) {
      checkFields(input);
      const now = toDbTime(clock.now());
      const id = crypto.randomUUID();
      await withConstraintErrors(db, rulesFor(input), () =>
        atomically(db, async (trx) => {
          await AgentModel.query(trx).insert({
            id,
            ...columnsOf(input),
            created_at: now,
            updated_at: now,
          });
          await insertChildRows(trx, AgentSkillModel.tableName, skillRows(id, input.skills));
        }),
      );
      return (await load(db, id))!;
    },

    async update(id, patch) {
      checkFields(patch);
      const changes = { ...columnsOf(patch), updated_at: toDbTime(clock.now()) };
      return withConstraintErrors(db, rulesFor(patch), () =>
        atomically(db, async (trx) => {
          const patched = await AgentModel.query(trx).patch(changes).where('id', id);
          if (patched === 0) throw notFound('Agent', id);
          if (patch.skills) {
            const rows = skillRows(id, patch.skills);
            await replaceChildRows(trx, AgentSkillModel.tableName, 'agent_id', id, rows);
          }
          return (await load(trx, id))!;
        }),
      );
    },

    /** Cascades to the agent's skills and memberships; users working as it keep no agent. */
    async delete(id) {
      const deleted = await AgentModel.query(db).deleteById(id);
      if (deleted === 0) throw notFound('Agent', id);
    },
  };
}
