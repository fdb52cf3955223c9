/** IVR flows (`ivr_flows`) and their published versions (`ivr_flow_versions`). */
import type { Knex } from 'knex';
import type { IvrFlowRepository } from '../../app/ivr/store-ports.ts';
import type { IvrFlowRecord, IvrFlowVersion } from '../../domain/ivr/ivr.records.ts';
import { DomainError, notFound } from '../../domain/shared/errors.ts';
import { type ConstraintRules, withConstraintErrors } from '../db-errors.ts';
import { type DbTime, toDbTime } from '../db-time.ts';
import { checkInt, checkText } from '../repositories/input-checks.ts';
import { distinct, inRequestOrder } from '../repositories/listing.ts';
import { atomically, type RepositoryDeps } from '../repositories/repository-deps.ts';
import { IVR_REFERENCED, IVR_UNIQUE_KEYS } from './ivr-constraints.ts';
import { fromJson, msOf, scopedPage, toJson } from './ivr-rows.ts';

const FLOWS = 'ivr_flows';
const VERSIONS = 'ivr_flow_versions';

interface FlowRow {
  id: string;
  business_line_id: string;
  flow_key: string;
  name: string;
  description: string;
  draft: string;
  active_version: number | null;
  latest_version: number;
  created_at: DbTime;
  updated_at: DbTime;
}

interface VersionRow {
  id: string;
  flow_id: string;
  version: number;
  document: string;
  note: string;
  published_at: DbTime;
  published_by: string | null;
}

const toFlow = (r: FlowRow): IvrFlowRecord => ({
  id: r.id,
  businessLineId: r.business_line_id,
  key: r.flow_key,
  name: r.name,
  description: r.description,
  draft: fromJson(r.draft),
  activeVersion: r.active_version,
  latestVersion: r.latest_version,
  createdAt: msOf(r.created_at),
  updatedAt: msOf(r.updated_at),
});

const toVersion = (r: VersionRow): IvrFlowVersion => ({
  id: r.id,
  flowId: r.flow_id,
  version: r.version,
  document: fromJson(r.document),
  note: r.note,
  publishedAt: msOf(r.published_at),
  publishedBy: r.published_by,
});

const rules = (key: string | undefined, businessLineId?: string): ConstraintRules => ({
  unique: key === undefined ? [] : [{ key: IVR_UNIQUE_KEYS.flowKey, value: key }],
  references: [
    { field: 'businessLineId', target: IVR_REFERENCED.businessLine, ids: [businessLineId] },
  ],
});

/** The flow repository over `deps.db`. */
export function createIvrFlowRepository(deps: RepositoryDeps): IvrFlowRepository {
  const { db, clock } = deps;
  const load = async (executor: Knex, id: string) => {
    const row = await executor<FlowRow>(FLOWS).where('id', id).first();
    return row ? toFlow(row) : undefined;
  };
  const must = async (executor: Knex, id: string) => {
    const flow = await load(executor, id);
    if (!flow) throw notFound('IvrFlow', id);
    return flow;
  };

  return {
    get: (id) => load(db, id),
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db<FlowRow>(FLOWS).whereIn('id', distinct(ids));
      return inRequestOrder(ids, rows.map(toFlow));
    },
    async getByKey(key) {
      const row = await db<FlowRow>(FLOWS).where('flow_key', key).first();
      return row ? toFlow(row) : undefined;
    },
    async list(filter, page) {
      const rows = await scopedPage(db<FlowRow>(FLOWS).orderBy('name').orderBy('id'), filter, page);
      return (rows as FlowRow[]).map(toFlow);
    },
    async create(input) {
      checkText('key', input.key, 64);
      checkText('name', input.name, 120);
      const draft = toJson(input.draft);
      const id = crypto.randomUUID();
      const now = toDbTime(clock.now());
      await withConstraintErrors(db, rules(input.key, input.businessLineId), () =>
        db(FLOWS).insert({
          id,
          business_line_id: input.businessLineId,
          flow_key: input.key,
          name: input.name,
          description: input.description,
          draft,
          active_version: null,
          latest_version: 0,
          created_at: now,
          updated_at: now,
        }),
      );
      return must(db, id);
    },
    async updateDraft(id, patch) {
      if (patch.name !== undefined) checkText('name', patch.name, 120);
      const changes: Record<string, unknown> = { updated_at: toDbTime(clock.now()) };
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.description !== undefined) changes.description = patch.description;
      if (patch.draft !== undefined) changes.draft = toJson(patch.draft);
      const n = await db(FLOWS).update(changes).where('id', id);
      if (n === 0) throw notFound('IvrFlow', id);
      return must(db, id);
    },
    async setActiveVersion(id, version) {
      return atomically(db, async (trx) => {
        if (version !== null) {
          const exists = await trx(VERSIONS).where({ flow_id: id, version }).first('id');
          if (!exists) throw notFound('IvrFlowVersion', `${id}@${version}`);
        }
        const n = await trx(FLOWS)
          .update({ active_version: version, updated_at: toDbTime(clock.now()) })
          .where('id', id);
        if (n === 0) throw notFound('IvrFlow', id);
        return must(trx, id);
      });
    },
    async delete(id) {
      const n = await withConstraintErrors(db, {}, () => db(FLOWS).delete().where('id', id));
      if (n === 0) throw notFound('IvrFlow', id);
    },
    async publish(flowId, input) {
      checkText('note', input.note, 500, true);
      return atomically(db, async (trx) => {
        // The row lock (MySQL) / the single writer (SQLite) orders concurrent publishes.
        const flow = await trx<FlowRow>(FLOWS).where('id', flowId).forUpdate().first();
        if (!flow) throw notFound('IvrFlow', flowId);
        const version = flow.latest_version + 1;
        checkInt('version', version, 1);
        const now = toDbTime(clock.now());
        const id = crypto.randomUUID();
        await trx(VERSIONS).insert({
          id,
          flow_id: flowId,
          version,
          document: toJson(input.document),
          note: input.note,
          published_at: now,
          published_by: input.publishedBy,
        });
        await trx(FLOWS)
          .update({ latest_version: version, active_version: version, updated_at: now })
          .where('id', flowId);
        const row = await trx<VersionRow>(VERSIONS).where('id', id).first();
        if (!row) throw new DomainError('CONFLICT', 'the published version vanished');
        return toVersion(row);
      });
    },
    async getVersion(flowId, version) {
      const row = await db<VersionRow>(VERSIONS).where({ flow_id: flowId, version }).first();
      return row ? toVersion(row) : undefined;
    },
    async listVersions(flowId) {
      const rows = await db<VersionRow>(VERSIONS)
        .where('flow_id', flowId)
        .orderBy('version', 'desc');
      return rows.map(toVersion);
    },
  };
}
