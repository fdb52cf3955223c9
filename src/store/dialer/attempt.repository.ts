/** Dial attempts (`dialer_attempts`) and the per-day abandon counts (`dialer_abandon_days`). */
import type { Attempt, DialerRepositories } from '../../app/dialer/ports.ts';
import type { AttemptOutcome } from '../../domain/dialer/outcome.ts';
import { type DbTime, fromDbTime, fromDbTimeOrNull, toDbTime, toDbTimeOrNull } from '../db-time.ts';
import { checkPage } from '../repositories/listing.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';

const ATTEMPTS = 'dialer_attempts';
const DAYS = 'dialer_abandon_days';

interface AttemptRow {
  id: number | string;
  campaign_id: string;
  record_id: number | string;
  e164: string;
  channel_id: string;
  agent_id: string | null;
  started_at: DbTime;
  answered_at: DbTime | null;
  connected_at: DbTime | null;
  ended_at: DbTime | null;
  outcome: string | null;
  amd: string | null;
  hangup_cause: number | null;
  disposition: string | null;
  notes: string | null;
  dtmf: string | null;
}

const toAttempt = (r: AttemptRow): Attempt => ({
  id: Number(r.id),
  campaignId: r.campaign_id,
  recordId: Number(r.record_id),
  e164: r.e164,
  channelId: r.channel_id,
  agentId: r.agent_id,
  startedAt: fromDbTime(r.started_at),
  answeredAt: fromDbTimeOrNull(r.answered_at),
  connectedAt: fromDbTimeOrNull(r.connected_at),
  endedAt: fromDbTimeOrNull(r.ended_at),
  outcome: r.outcome as AttemptOutcome | null,
  amd: r.amd,
  hangupCause: r.hangup_cause,
  disposition: r.disposition,
  notes: r.notes,
  dtmf: r.dtmf ?? null,
});

function columnsOf(a: Partial<Omit<Attempt, 'id'>>) {
  const time = (v: number | null | undefined) => (v === undefined ? undefined : toDbTimeOrNull(v));
  const cols: Record<string, unknown> = {
    campaign_id: a.campaignId,
    record_id: a.recordId,
    e164: a.e164,
    channel_id: a.channelId,
    agent_id: a.agentId,
    started_at: a.startedAt === undefined ? undefined : toDbTime(a.startedAt),
    answered_at: time(a.answeredAt),
    connected_at: time(a.connectedAt),
    ended_at: time(a.endedAt),
    outcome: a.outcome,
    amd: a.amd,
    hangup_cause: a.hangupCause,
    disposition: a.disposition,
    notes: a.notes,
    dtmf: a.dtmf,
  };
  return Object.fromEntries(Object.entries(cols).filter(([, v]) => v !== undefined));
}

/** Attempt and abandon-count operations. */
export function createAttemptRepository({ db }: RepositoryDeps): {
  attempts: DialerRepositories['attempts'];
  abandon: DialerRepositories['abandon'];
} {
  const get = async (id: number) => {
    const row = (await db(ATTEMPTS).where({ id }).first()) as AttemptRow | undefined;
    return row === undefined ? undefined : toAttempt(row);
  };
  return {
    attempts: {
      get,
      async create(input) {
        const [id] = await db(ATTEMPTS).insert(columnsOf(input));
        return (await get(Number(id)))!;
      },
      async update(id, patch) {
        await db(ATTEMPTS).where({ id }).update(columnsOf(patch));
      },
      async ofRecord(recordId) {
        const rows = (await db(ATTEMPTS)
          .where({ record_id: recordId })
          .orderBy('id')) as AttemptRow[];
        return rows.map(toAttempt);
      },
      async ofCampaign(campaignId, page) {
        checkPage(page);
        const rows = (await db(ATTEMPTS)
          .where({ campaign_id: campaignId })
          .orderBy('id', 'desc')
          .offset(page.offset)
          .limit(page.limit)) as AttemptRow[];
        return rows.map(toAttempt);
      },
      async open(campaignId) {
        const rows = (await db(ATTEMPTS)
          .where({ campaign_id: campaignId })
          .whereNull('ended_at')
          .orderBy('id')) as AttemptRow[];
        return rows.map(toAttempt);
      },
      async outcomes(campaignId, from) {
        const rows = (await db(ATTEMPTS)
          .select('outcome')
          .count({ n: '*' })
          .where({ campaign_id: campaignId })
          .where('started_at', '>=', toDbTime(from))
          .whereNotNull('outcome')
          .groupBy('outcome')) as Array<{ outcome: AttemptOutcome; n: number | string }>;
        return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
      },
    },
    abandon: {
      async count(campaignId, day, abandoned) {
        const add = abandoned ? 1 : 0;
        await db.transaction(async (trx) => {
          const updated = await trx(DAYS)
            .where({ campaign_id: campaignId, day })
            .update({
              answered: trx.raw('answered + 1'),
              abandoned: trx.raw('abandoned + ?', [add]),
            });
          if (updated === 0) {
            await trx(DAYS).insert({ campaign_id: campaignId, day, answered: 1, abandoned: add });
          }
        });
      },
      async days(campaignId, fromDay) {
        const rows = (await db(DAYS)
          .where({ campaign_id: campaignId })
          .where('day', '>=', fromDay)
          .orderBy('day')) as Array<{ day: string; answered: number; abandoned: number }>;
        return rows.map((r) => ({ day: r.day, answered: r.answered, abandoned: r.abandoned }));
      },
    },
  };
}
