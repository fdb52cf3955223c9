/** VIP callers of business lines (`vip_callers`) and their dedicated agents (`vip_caller_agents`). */
import type { Knex } from 'knex';
import type { VipCallerInput, VipCallerRepository } from '../../app/acd/routing-ports.ts';
import type { VipCaller } from '../../domain/acd/routing.records.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { REFERENCED, UNIQUE_KEYS } from '../constraints.ts';
import { type ConstraintRules, withConstraintErrors } from '../db-errors.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import { insertChildRows, replaceChildRows } from './child-rows.ts';
import { checkText, checkUnique } from './input-checks.ts';
import { checkPage, distinct, inRequestOrder, selectsNothing } from './listing.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

const TABLE = 'vip_callers';
const AGENTS = 'vip_caller_agents';

interface Row {
  id: string;
  business_line_id: string;
  number: string;
  label: string;
  created_at: DbTime;
  updated_at: DbTime;
}

function checkFields(input: Partial<VipCallerInput>): void {
  if (input.number !== undefined) checkText('number', input.number, 32);
  if (input.label !== undefined) checkText('label', input.label, 255, true);
  if (input.dedicatedAgentIds !== undefined) {
    checkUnique('dedicatedAgentIds', input.dedicatedAgentIds);
  }
}

function columnsOf(input: Partial<VipCallerInput>): Record<string, unknown> {
  return {
    ...(input.businessLineId === undefined ? {} : { business_line_id: input.businessLineId }),
    ...(input.number === undefined ? {} : { number: input.number }),
    ...(input.label === undefined ? {} : { label: input.label }),
  };
}

function rulesFor(input: Partial<VipCallerInput>): ConstraintRules {
  return {
    unique:
      input.number === undefined && input.businessLineId === undefined
        ? []
        : [{ key: UNIQUE_KEYS.vipNumber, value: input.number ?? '(its current number)' }],
    references: [
      { field: 'businessLineId', target: REFERENCED.businessLine, ids: [input.businessLineId] },
      { field: 'dedicatedAgentIds', target: REFERENCED.agent, ids: input.dedicatedAgentIds ?? [] },
    ],
  };
}

const agentRows = (id: string, agentIds: readonly string[]) =>
  agentIds.map((agentId, position) => ({ vip_caller_id: id, agent_id: agentId, position }));

/** Rows with their agents: one query for the entries, one for all their agents. */
async function withAgents(db: Knex, rows: Row[]): Promise<VipCaller[]> {
  if (rows.length === 0) return [];
  const links: Array<{ vip_caller_id: string; agent_id: string }> = await db(AGENTS)
    .select('vip_caller_id', 'agent_id')
    .whereIn(
      'vip_caller_id',
      rows.map((r) => r.id),
    )
    .orderBy('position');
  return rows.map((r) => ({
    id: r.id,
    businessLineId: r.business_line_id,
    number: r.number,
    label: r.label,
    dedicatedAgentIds: links.filter((l) => l.vip_caller_id === r.id).map((l) => l.agent_id),
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
  }));
}

/** The VIP caller repository over `deps.db`. */
export function createVipCallerRepository(deps: RepositoryDeps): VipCallerRepository {
  const { db, clock } = deps;
  const load = async (executor: Knex, id: string) => {
    const rows: Row[] = await executor(TABLE).where('id', id);
    return (await withAgents(executor, rows))[0];
  };
  return {
    get: (id) => load(db, id),

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows: Row[] = await db(TABLE).whereIn('id', distinct(ids));
      return inRequestOrder(ids, await withAgents(db, rows));
    },

    async list(filter, page) {
      checkPage(page);
      if (selectsNothing(filter)) return [];
      const rows: Row[] = await db(TABLE)
        .modify((qb) => {
          if (filter.businessLineIds) qb.whereIn('business_line_id', [...filter.businessLineIds]);
        })
        .orderBy('number')
        .orderBy('id')
        .offset(page.offset)
        .limit(page.limit);
      return withAgents(db, rows);
    },

    async create(input) {
      checkFields(input);
      const now = toDbTime(clock.now());
      const id = crypto.randomUUID();
      await withConstraintErrors(db, rulesFor(input), () =>
        atomically(db, async (trx) => {
          await trx(TABLE).insert({ id, ...columnsOf(input), created_at: now, updated_at: now });
          await insertChildRows(trx, AGENTS, agentRows(id, input.dedicatedAgentIds));
        }),
      );
      return (await load(db, id))!;
    },

    async update(id, patch) {
      checkFields(patch);
      const changes = { ...columnsOf(patch), updated_at: toDbTime(clock.now()) };
      return withConstraintErrors(db, rulesFor(patch), () =>
        atomically(db, async (trx) => {
          const patched = await trx(TABLE).update(changes).where('id', id);
          if (patched === 0) throw notFound('VipCaller', id);
          if (patch.dedicatedAgentIds !== undefined) {
            const rows = agentRows(id, patch.dedicatedAgentIds);
            await replaceChildRows(trx, AGENTS, 'vip_caller_id', id, rows);
          }
          return (await load(trx, id))!;
        }),
      );
    },

    async delete(id) {
      const deleted = await db(TABLE).where('id', id).delete();
      if (deleted === 0) throw notFound('VipCaller', id);
    },
  };
}
