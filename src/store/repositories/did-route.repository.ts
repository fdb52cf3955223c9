/** The DID routing table (`did_routes`): a dialled number (and trunk) to a queue, agent or IVR flow. */
import type { Knex } from 'knex';
import type { DidRouteInput, DidRouteRepository } from '../../app/acd/routing-ports.ts';
import type { DidRouteRecord } from '../../domain/acd/routing.records.ts';
import type { RouteTarget } from '../../domain/acd/routing.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { REFERENCED, UNIQUE_KEYS } from '../constraints.ts';
import { type ConstraintRules, withConstraintErrors } from '../db-errors.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import { checkText } from './input-checks.ts';
import { checkPage, distinct, inRequestOrder, selectsNothing } from './listing.ts';
import type { RepositoryDeps } from './repository-deps.ts';

const TABLE = 'did_routes';

interface Row {
  id: string;
  business_line_id: string;
  did: string;
  trunk: string;
  target_kind: string;
  queue_id: string | null;
  agent_id: string | null;
  ivr_flow_id: string | null;
  created_at: DbTime;
  updated_at: DbTime;
}

function targetOf(row: Row): RouteTarget {
  if (row.target_kind === 'queue') return { kind: 'queue', queueId: row.queue_id ?? '' };
  if (row.target_kind === 'agent') return { kind: 'agent', agentId: row.agent_id ?? '' };
  return { kind: 'ivr', flowId: row.ivr_flow_id ?? '' };
}

function toRoute(row: Row): DidRouteRecord {
  return {
    id: row.id,
    businessLineId: row.business_line_id,
    did: row.did,
    trunk: row.trunk === '' ? null : row.trunk,
    target: targetOf(row),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

/** The target as its three columns: exactly one is set. */
function targetColumns(target: RouteTarget) {
  return {
    target_kind: target.kind,
    queue_id: target.kind === 'queue' ? target.queueId : null,
    agent_id: target.kind === 'agent' ? target.agentId : null,
    ivr_flow_id: target.kind === 'ivr' ? target.flowId : null,
  };
}

function checkFields(input: Partial<DidRouteInput>): void {
  if (input.did !== undefined) checkText('did', input.did, 32);
  if (input.trunk !== undefined && input.trunk !== null) checkText('trunk', input.trunk, 64);
  if (input.target?.kind === 'ivr') checkText('target.flowId', input.target.flowId, 64);
}

function columnsOf(input: Partial<DidRouteInput>): Record<string, unknown> {
  return {
    ...(input.businessLineId === undefined ? {} : { business_line_id: input.businessLineId }),
    ...(input.did === undefined ? {} : { did: input.did }),
    ...(input.trunk === undefined ? {} : { trunk: input.trunk ?? '' }),
    ...(input.target === undefined ? {} : targetColumns(input.target)),
  };
}

function rulesFor(input: Partial<DidRouteInput>): ConstraintRules {
  const t = input.target;
  return {
    unique:
      input.did === undefined && input.trunk === undefined
        ? []
        : [{ key: UNIQUE_KEYS.didRoute, value: input.did ?? '(its current DID)' }],
    references: [
      { field: 'businessLineId', target: REFERENCED.businessLine, ids: [input.businessLineId] },
      {
        field: 'target.queueId',
        target: REFERENCED.queue,
        ids: [t?.kind === 'queue' ? t.queueId : null],
      },
      {
        field: 'target.agentId',
        target: REFERENCED.agent,
        ids: [t?.kind === 'agent' ? t.agentId : null],
      },
    ],
  };
}

/** The DID route repository over `deps.db`. */
export function createDidRouteRepository(deps: RepositoryDeps): DidRouteRepository {
  const { db, clock } = deps;
  const load = async (executor: Knex, id: string) => {
    const row: Row | undefined = await executor(TABLE).where('id', id).first();
    return row ? toRoute(row) : undefined;
  };
  return {
    get: (id) => load(db, id),

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows: Row[] = await db(TABLE).whereIn('id', distinct(ids));
      return inRequestOrder(ids, rows.map(toRoute));
    },

    async list(filter, page) {
      checkPage(page);
      if (selectsNothing(filter)) return [];
      const rows: Row[] = await db(TABLE)
        .modify((qb) => {
          if (filter.businessLineIds) qb.whereIn('business_line_id', [...filter.businessLineIds]);
        })
        .orderBy('did')
        .orderBy('trunk')
        .orderBy('id')
        .offset(page.offset)
        .limit(page.limit);
      return rows.map(toRoute);
    },

    async create(input) {
      checkFields(input);
      const now = toDbTime(clock.now());
      const id = crypto.randomUUID();
      await withConstraintErrors(db, rulesFor(input), () =>
        db(TABLE).insert({ id, ...columnsOf(input), created_at: now, updated_at: now }),
      );
      return (await load(db, id))!;
    },

    async update(id, patch) {
      checkFields(patch);
      const changes = { ...columnsOf(patch), updated_at: toDbTime(clock.now()) };
      const patched = await withConstraintErrors(db, rulesFor(patch), () =>
        db(TABLE).update(changes).where('id', id),
      );
      if (patched === 0) throw notFound('DidRoute', id);
      return (await load(db, id))!;
    },

    async delete(id) {
      const deleted = await db(TABLE).where('id', id).delete();
      if (deleted === 0) throw notFound('DidRoute', id);
    },
  };
}
