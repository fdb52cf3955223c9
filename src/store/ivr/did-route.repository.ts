/** DID to flow routes (`ivr_did_routes`). */
import type { IvrDidRouteRepository } from '../../app/ivr/store-ports.ts';
import type { IvrDidRoute } from '../../domain/ivr/ivr.records.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { type DbTime, toDbTime } from '../db-time.ts';
import { checkText } from '../repositories/input-checks.ts';
import { atomically, type RepositoryDeps } from '../repositories/repository-deps.ts';
import { IVR_REFERENCED, IVR_UNIQUE_KEYS } from './ivr-constraints.ts';
import { msOf, scopedPage } from './ivr-rows.ts';

const TABLE = 'ivr_did_routes';

interface RouteRow {
  id: string;
  did: string;
  business_line_id: string;
  flow_id: string;
  created_at: DbTime;
  updated_at: DbTime;
}

const toRoute = (r: RouteRow): IvrDidRoute => ({
  id: r.id,
  did: r.did,
  businessLineId: r.business_line_id,
  flowId: r.flow_id,
  createdAt: msOf(r.created_at),
  updatedAt: msOf(r.updated_at),
});

/** The DID route repository over `deps.db`. */
export function createIvrDidRouteRepository(deps: RepositoryDeps): IvrDidRouteRepository {
  const { db, clock } = deps;
  const byDid = async (executor: typeof db, did: string) => {
    const row = await executor<RouteRow>(TABLE).where('did', did).first();
    return row ? toRoute(row) : undefined;
  };
  return {
    getByDid: (did) => byDid(db, did),
    async list(filter, page) {
      const qb = db<RouteRow>(TABLE).orderBy('did');
      if (filter.flowId) qb.where('flow_id', filter.flowId);
      return ((await scopedPage(qb, filter, page)) as RouteRow[]).map(toRoute);
    },
    async put(input) {
      checkText('did', input.did, 32);
      const rules = {
        unique: [{ key: IVR_UNIQUE_KEYS.did, value: input.did }],
        references: [
          {
            field: 'businessLineId',
            target: IVR_REFERENCED.businessLine,
            ids: [input.businessLineId],
          },
          { field: 'flowId', target: IVR_REFERENCED.flow, ids: [input.flowId] },
        ],
      };
      return withConstraintErrors(db, rules, () =>
        atomically(db, async (trx) => {
          const now = toDbTime(clock.now());
          const existing = await byDid(trx, input.did);
          const columns = {
            business_line_id: input.businessLineId,
            flow_id: input.flowId,
            updated_at: now,
          };
          if (existing) await trx(TABLE).update(columns).where('id', existing.id);
          else
            await trx(TABLE).insert({
              id: crypto.randomUUID(),
              did: input.did,
              ...columns,
              created_at: now,
            });
          return (await byDid(trx, input.did))!;
        }),
      );
    },
    async delete(did) {
      return (await db(TABLE).delete().where('did', did)) > 0;
    },
  };
}
