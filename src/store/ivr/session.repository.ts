/**
 * Recorded IVR sessions (`ivr_sessions`) and their paths
 * (`ivr_path_steps`), and the counts per node that statistics are built from.
 */
import type { IvrSessionRepository } from '../../app/ivr/store-ports.ts';
import type { PathEventCount } from '../../domain/ivr/flow.stats.ts';
import type { PathEvent } from '../../domain/ivr/flow.step.ts';
import type { IvrOutcome, IvrPathStep, IvrSession } from '../../domain/ivr/ivr.records.ts';
import type { Period } from '../../domain/ivr/schedule.ts';
import { type DbTime, toDbTime } from '../db-time.ts';
import { distinct, inRequestOrder } from '../repositories/listing.ts';
import { atomically, type RepositoryDeps } from '../repositories/repository-deps.ts';
import { msOf, scopedPage } from './ivr-rows.ts';

const SESSIONS = 'ivr_sessions';
const STEPS = 'ivr_path_steps';
/** Rows per INSERT: well under the bound-parameter limits of both backends. */
const CHUNK = 200;

interface SessionRow {
  id: string;
  channel_id: string;
  channel_name: string;
  business_line_id: string | null;
  flow_id: string | null;
  flow_key: string | null;
  flow_version: number | null;
  caller_number: string;
  dialed_number: string;
  language: string | null;
  firewall: string | null;
  period: string | null;
  outcome: string;
  outcome_detail: string | null;
  error: string | null;
  started_at: DbTime;
  ended_at: DbTime;
}

interface StepRow {
  session_id: string;
  seq: number;
  at: DbTime;
  flow_key: string;
  flow_version: number | null;
  node_id: string;
  node_type: string;
  event: string;
  detail: string | null;
}

const toSession = (r: SessionRow): IvrSession => ({
  id: r.id,
  channelId: r.channel_id,
  channelName: r.channel_name,
  businessLineId: r.business_line_id,
  flowId: r.flow_id,
  flowKey: r.flow_key,
  flowVersion: r.flow_version,
  callerNumber: r.caller_number,
  dialedNumber: r.dialed_number,
  language: r.language,
  firewall: r.firewall as IvrSession['firewall'],
  period: r.period as Period | null,
  outcome: r.outcome as IvrOutcome,
  outcomeDetail: r.outcome_detail,
  error: r.error,
  startedAt: msOf(r.started_at),
  endedAt: msOf(r.ended_at),
});

const toStep = (r: StepRow): IvrPathStep => ({
  sessionId: r.session_id,
  seq: r.seq,
  at: msOf(r.at),
  flowKey: r.flow_key,
  flowVersion: r.flow_version,
  nodeId: r.node_id,
  nodeType: r.node_type,
  event: r.event as PathEvent,
  detail: r.detail,
});

const cut = (text: string, max: number) => [...text].slice(0, max).join('');

/** The session repository over `deps.db`. */
export function createIvrSessionRepository(deps: RepositoryDeps): IvrSessionRepository {
  const { db } = deps;
  return {
    async save(session, path) {
      const id = crypto.randomUUID();
      const row = {
        id,
        channel_id: cut(session.channelId, 64),
        channel_name: cut(session.channelName, 255),
        business_line_id: session.businessLineId,
        flow_id: session.flowId,
        flow_key: session.flowKey,
        flow_version: session.flowVersion,
        caller_number: cut(session.callerNumber, 64),
        dialed_number: cut(session.dialedNumber, 64),
        language: session.language === null ? null : cut(session.language, 16),
        firewall: session.firewall,
        period: session.period,
        outcome: session.outcome,
        outcome_detail: session.outcomeDetail === null ? null : cut(session.outcomeDetail, 255),
        error: session.error,
        started_at: toDbTime(session.startedAt),
        ended_at: toDbTime(session.endedAt),
      };
      const steps = path.map((s, seq) => ({
        session_id: id,
        seq,
        at: toDbTime(s.at),
        flow_key: cut(s.flowKey, 64),
        flow_version: s.flowVersion,
        node_id: cut(s.nodeId, 64),
        node_type: cut(s.nodeType, 16),
        event: s.event,
        detail: s.detail === null ? null : cut(s.detail, 255),
      }));
      await atomically(db, async (trx) => {
        await trx(SESSIONS).insert(row);
        for (let i = 0; i < steps.length; i += CHUNK) {
          await trx(STEPS).insert(steps.slice(i, i + CHUNK));
        }
      });
      return { ...session, id };
    },
    async get(id) {
      const row = await db<SessionRow>(SESSIONS).where('id', id).first();
      return row ? toSession(row) : undefined;
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db<SessionRow>(SESSIONS).whereIn('id', distinct(ids));
      return inRequestOrder(ids, rows.map(toSession));
    },
    async getByChannelIds(channelIds) {
      if (channelIds.length === 0) return [];
      const rows = await db<SessionRow>(SESSIONS)
        .whereIn('channel_id', distinct(channelIds))
        .orderBy('started_at');
      return rows.map(toSession);
    },
    async list(filter, page) {
      const qb = db<SessionRow>(SESSIONS).orderBy('started_at', 'desc').orderBy('id');
      if (filter.flowKey) qb.where('flow_key', filter.flowKey);
      if (filter.from !== undefined) qb.where('started_at', '>=', toDbTime(filter.from));
      if (filter.to !== undefined) qb.where('started_at', '<', toDbTime(filter.to));
      return ((await scopedPage(qb, filter, page)) as SessionRow[]).map(toSession);
    },
    async pathOf(sessionIds) {
      if (sessionIds.length === 0) return [];
      const rows = await db<StepRow>(STEPS)
        .whereIn('session_id', distinct(sessionIds))
        .orderBy('session_id')
        .orderBy('seq');
      return rows.map(toStep);
    },
    async countPathEvents(filter) {
      const qb = db(STEPS)
        .select('node_id', 'node_type', 'event', 'detail')
        .count({ n: '*' })
        .countDistinct({ calls: 'session_id' })
        .where('flow_key', filter.flowKey)
        .groupBy('node_id', 'node_type', 'event', 'detail');
      if (filter.version !== undefined) qb.where('flow_version', filter.version);
      if (filter.from !== undefined) qb.where('at', '>=', toDbTime(filter.from));
      if (filter.to !== undefined) qb.where('at', '<', toDbTime(filter.to));
      const rows = (await qb) as Array<{
        node_id: string;
        node_type: string;
        event: string;
        detail: string | null;
        n: number | string;
        calls: number | string;
      }>;
      return rows.map(
        (r): PathEventCount => ({
          nodeId: r.node_id,
          nodeType: r.node_type,
          event: r.event as PathEvent,
          detail: r.detail,
          count: Number(r.n),
          calls: Number(r.calls),
        }),
      );
    },
  };
}
