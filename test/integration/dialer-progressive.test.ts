/**
 * The outbound dialer end to end through the PBX simulator: a progressive
 * campaign with two agents dials a small list over real ARI. Humans are
 * bridged to the agents, the machine and the busy number never reach an
 * agent, attempts and record statuses are written, a number put on the
 * do-not-call list after import is never dialled, and a number outside
 * its calling window is not dialled but rescheduled. Every wait is on an
 * event; the time limit only turns a missing event into a readable failure.
 */
import test from 'ava';
import pino from 'pino';
import type { DialerCallEvent } from '../../src/app/dialer/engine.ts';
import { createDialerEngine } from '../../src/app/dialer/engine.ts';
import type { StoredNumber } from '../../src/app/dialer/ports.ts';
import { createWallTimers } from '../../src/asterisk/acd/wall-timers.ts';
import { createAriDialerLink } from '../../src/asterisk/dialer/dialer-ari.ts';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../../src/domain/dialer/campaign.ts';
import { createDialerStore } from '../../src/store/dialer/dialer-store.ts';
import { type AcdUnderTest, startAcd } from './acd-harness.ts';

const WAIT_LIMIT_MS = 30_000;

/** `Etc/GMT` zone whose local hour is `hour` now (Etc/GMT signs are inverted). */
function zoneAtHour(hour: number): string {
  let offset = (hour - new Date().getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  if (offset === 0) return 'Etc/GMT';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

let acd: AcdUnderTest | undefined;
test.after.always(async () => {
  await acd?.close();
});

test('a progressive campaign with two agents dials its list through the simulator', async (t) => {
  acd = await startAcd({ phone: { answerAfterS: 0.2 } });
  const a = acd;
  a.sim.control.setCallees([
    { pattern: '1$', kind: 'machine', answerAfterS: { kind: 'fixed', value: 0.3 } },
    { pattern: '2$', kind: 'busy' },
    {
      pattern: '.*',
      kind: 'human',
      answerAfterS: { kind: 'fixed', value: 0.3 },
      talkS: { kind: 'fixed', value: 2 },
    },
  ]);
  const clock = { now: () => Date.now() };
  const logger = pino({ level: process.env.DIALER_TEST_LOG ?? 'silent' });
  const dialer = createDialerStore(a.store.knex, clock);
  const link = createAriDialerLink(a.ari, 'callwright');
  const engine = createDialerEngine({
    store: dialer,
    directory: a.store,
    control: link.control,
    agents: a.runtime.outbound,
    timers: createWallTimers(clock),
    clock,
    logger,
  });
  link.subscribe((e) => engine.handle(e));
  t.teardown(() => engine.stop());
  const events: DialerCallEvent[] = [];
  const waiters: Array<() => void> = [];
  engine.onEvent((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const until = (what: string, done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${what} within ${WAIT_LIMIT_MS} ms: ${JSON.stringify(events)}`)),
        WAIT_LIMIT_MS,
      );
      const check = () => {
        if (done()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });

  const line = (await a.store.businessLines.getByName('Line'))!;
  const inside = zoneAtHour(12);
  const outside = zoneAtHour(0);
  const campaign = await dialer.campaigns.create({
    businessLineId: line.id,
    name: 'Spring offer',
    status: 'running',
    agentIds: [...a.agents],
    queueIds: [],
    settings: {
      ...DEFAULT_CAMPAIGN_SETTINGS,
      mode: 'progressive',
      wrapUpS: 1,
      maskNumbers: true,
      script: 'Hello, this is callwright.',
      window: {
        start: '10:00',
        end: '14:00',
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        skipHolidays: false,
      },
    },
  });
  const list = await dialer.lists.create({ campaignId: campaign.id, name: 'Test list' });
  const number = (e164: string, zone = inside): StoredNumber => ({
    e164,
    timezone: zone,
    country: 'FR',
    attempts: 0,
    status: 'active',
  });
  const rows = [
    ['Human one', '+33612340010', inside],
    ['Human two', '+33612340020', inside],
    ['Machine', '+33612340011', inside],
    ['Busy', '+33612340012', inside],
    ['Do not call', '+33612340030', inside],
    ['Night owl', '+33612340040', outside],
  ] as const;
  const now = Date.now();
  await dialer.records.insertMany(
    rows.map(([name, e164, zone], i) => ({
      listId: list.id,
      campaignId: campaign.id,
      name,
      externalId: null,
      data: {},
      numbers: [number(e164, zone)],
      status: 'pending',
      nextAt: now - 1000 + i,
    })),
  );
  // Put on the do-not-call list after the import: checked again at dial time.
  await dialer.dnc.add({ scope: line.id, e164: '+33612340030', reason: 'asked' });

  for (const agentId of a.agents) {
    const r = await a.runtime.agentAction(agentId, { type: 'login' });
    t.true(r.ok, JSON.stringify(r));
  }
  await engine.run(campaign);
  const ended = () => events.filter((e) => e.type === 'ended');
  await until('four calls ended', () => ended().length >= 4);

  const records = new Map(
    (await dialer.records.due(campaign.id, now + 10 * 86_400_000, 100)).map((r) => [r.name, r]),
  );
  const attempts = (
    await dialer.attempts.ofCampaign(campaign.id, { offset: 0, limit: 100 })
  ).reverse();
  const dialled = attempts.map((x) => x.e164).sort();
  t.deepEqual(dialled, ['+33612340010', '+33612340011', '+33612340012', '+33612340020']);
  const byNumber = new Map(attempts.map((x) => [x.e164, x]));
  for (const human of ['+33612340010', '+33612340020']) {
    const attempt = byNumber.get(human)!;
    t.is(attempt.outcome, 'connected', human);
    t.true(a.agents.includes(attempt.agentId ?? ''), `${human} talked to ${attempt.agentId}`);
    t.true(attempt.connectedAt! - attempt.answeredAt! < 5000);
  }
  t.like(byNumber.get('+33612340011'), {
    outcome: 'machine',
    agentId: null,
    amd: 'MACHINE',
    connectedAt: null,
  });
  t.like(byNumber.get('+33612340012'), { outcome: 'busy', connectedAt: null, hangupCause: 17 });
  // Machines and busy numbers never reached an agent.
  const connectedCalls = events.filter((e) => e.type === 'connected').map((e) => e.recordId);
  t.is(connectedCalls.length, 2);
  t.false(events.some((e) => e.type === 'abandoned'));

  // Records: completed humans, retries per outcome, DNC and out-of-window untouched by the dialer.
  const all = await Promise.all(
    [...(await a.store.knex('dialer_records').select('id'))].map((r: { id: number }) =>
      dialer.records.get(Number(r.id)),
    ),
  );
  const status = Object.fromEntries(all.map((r) => [r!.name, r!]));
  t.is(status['Human one']?.status, 'completed');
  t.is(status['Human two']?.status, 'completed');
  t.is(status.Machine?.status, 'scheduled');
  t.true(status.Machine!.nextAt >= byNumber.get('+33612340011')!.endedAt! + 86_400_000 - 1);
  t.is(status.Busy?.status, 'scheduled');
  t.is(status.Busy!.nextAt, byNumber.get('+33612340012')!.endedAt! + 300_000);
  t.is(status['Do not call']?.status, 'dnc');
  t.is(status['Do not call']?.attempts, 0);
  t.is(status['Night owl']?.status, 'scheduled');
  t.is(status['Night owl']?.attempts, 0);
  t.true(status['Night owl']!.nextAt > Date.now());
  t.is(records.size >= 0, true);
  // The simulator never saw the DNC or out-of-window numbers.
  const originated = a.sim.control
    .requests()
    .filter((r) => r.method === 'POST' && r.url.startsWith('/ari/channels?'))
    .map((r) => JSON.stringify(r));
  t.false(originated.some((r) => r.includes('33612340030')));
  t.false(originated.some((r) => r.includes('33612340040')));
  // Both agents are free again after their wrap-up.
  await until('agents free', () =>
    a.agents.every(
      (id) =>
        a.runtime.agentView(id).status === 'available' ||
        a.runtime.agentView(id).status === 'wrap-up',
    ),
  );
});
