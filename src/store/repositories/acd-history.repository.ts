/**
 * What the ACD reads back from the call records: the agent who last served
 * each caller (sticky agent, ACD-3) and, after a restart, the calls our
 * application left open (SEC-5); and the agents' saved presence
 * (`agent_presence`).
 */
import type {
  AcdHistoryRepository,
  LastServed,
  OpenCallRecord,
} from '../../app/acd/routing-ports.ts';
import type { AgentPresence } from '../../domain/acd/agent.restore.ts';
import type { AgentStatus } from '../../domain/acd/agent.state.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import { CallModel } from '../models/call.model.ts';
import { CallLegModel } from '../models/call-leg.model.ts';
import { toCall, toLeg } from './call-rows.ts';
import { checkInt, checkTime } from './input-checks.ts';
import type { RepositoryDeps } from './repository-deps.ts';

interface PresenceRow {
  agent_id: string;
  status: string;
  reason: string | null;
  since: DbTime;
}

const STATUSES: ReadonlySet<string> = new Set<AgentStatus>([
  'logged-out',
  'available',
  'reserved',
  'ringing',
  'on-call',
  'wrap-up',
  'paused',
]);

interface Row {
  business_line_id: string;
  ani: string;
  agent_id: string;
  answered_at: DbTime;
}

/** The ACD history repository over `deps.db`. */
export function createAcdHistoryRepository(deps: RepositoryDeps): AcdHistoryRepository {
  const { db } = deps;
  return {
    async lastServed(since, limit) {
      checkTime('since', since);
      checkInt('limit', limit, 0);
      const out: LastServed[] = [];
      const seen = new Set<string>();
      // Newest first, in pages: the first row of each (line, number) is its latest answer.
      const page = 1000;
      for (let offset = 0; out.length < limit; offset += page) {
        const rows: Row[] = await db('calls')
          .select('business_line_id', 'ani', 'agent_id', 'answered_at')
          .where('direction', 'inbound')
          .whereNotNull('agent_id')
          .whereNotNull('business_line_id')
          .whereNot('ani', '')
          // started_at is indexed; a call answered since `since` started at most a wait earlier.
          .where('started_at', '>=', toDbTime(since))
          .whereNotNull('answered_at')
          .orderBy('started_at', 'desc')
          .orderBy('id')
          .offset(offset)
          .limit(page);
        for (const r of rows) {
          const key = `${r.business_line_id}|${r.ani}`;
          if (seen.has(key) || out.length >= limit) continue;
          seen.add(key);
          out.push({
            businessLineId: r.business_line_id,
            ani: r.ani,
            agentId: r.agent_id,
            at: fromDbTime(r.answered_at),
          });
        }
        if (rows.length < page) break;
      }
      return out;
    },

    async openCalls(since) {
      checkTime('since', since);
      const rows = await CallModel.query(db)
        .whereNull('ended_at')
        .where('started_at', '>=', toDbTime(since))
        .where((w) => w.where('source', 'app').orWhereNull('source'))
        .orderBy('started_at')
        .orderBy('id');
      if (rows.length === 0) return [];
      const legs = new Map<string, ReturnType<typeof toLeg>[]>();
      const ids = rows.map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500) {
        const legRows = await CallLegModel.query(db)
          .whereIn('call_id', ids.slice(i, i + 500))
          .orderBy(['call_id', 'started_at', 'id']);
        for (const row of legRows) {
          const leg = toLeg(row);
          legs.set(leg.callId, [...(legs.get(leg.callId) ?? []), leg]);
        }
      }
      return rows.map(
        (row): OpenCallRecord => ({
          record: toCall(row),
          legs: legs.get(row.id) ?? [],
          revision: numberOrNull(row.picture_revision),
        }),
      );
    },

    async presence() {
      const rows: PresenceRow[] = await db('agent_presence').select(
        'agent_id',
        'status',
        'reason',
        'since',
      );
      return rows
        .filter((r) => STATUSES.has(r.status))
        .map(
          (r): AgentPresence => ({
            agentId: r.agent_id,
            status: r.status as AgentStatus,
            reason: r.reason,
            since: fromDbTime(r.since),
          }),
        );
    },

    async putPresence(rows) {
      if (rows.length === 0) return;
      // An agent deleted meanwhile has no row to keep: only agents that still exist are saved.
      const ids = [...new Set(rows.map((r) => r.agentId))];
      const existing = new Set(
        (await db('agents').whereIn('id', ids).select('id')).map((r: { id: string }) => r.id),
      );
      const latest = new Map<string, AgentPresence>();
      for (const r of rows) if (existing.has(r.agentId)) latest.set(r.agentId, r);
      if (latest.size === 0) return;
      await db('agent_presence')
        .insert(
          [...latest.values()].map((r) => ({
            agent_id: r.agentId,
            status: r.status,
            reason: r.reason === null ? null : r.reason.slice(0, 64),
            since: toDbTime(r.since),
          })),
        )
        .onConflict('agent_id')
        .merge(['status', 'reason', 'since']);
    },
  };
}

const numberOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
