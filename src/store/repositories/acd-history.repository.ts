/**
 * What the ACD reads back from the call records: the agent who last served
 * each caller (sticky agent, ACD-3). Reads `calls` only.
 */
import type { AcdHistoryRepository, LastServed } from '../../app/acd/routing-ports.ts';
import { type DbTime, fromDbTime, toDbTime } from '../db-time.ts';
import { checkInt, checkTime } from './input-checks.ts';
import type { RepositoryDeps } from './repository-deps.ts';

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
  };
}
