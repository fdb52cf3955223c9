/**
 * The dialer's follow-up repository and broadcast answers on SQLite and
 * MariaDB: follow-ups booked, due per campaign in due order, listed per
 * agent and campaign up to a time (cancelled ones left out), updated as
 * they are dialled, and whether one still holds a record; the keys a
 * broadcast callee pressed are written on and read from the attempt.
 */
import test from 'ava';
import type { NewRecord } from '../../src/app/dialer/ports.ts';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../../src/domain/dialer/campaign.ts';
import { createDialerStore } from '../../src/store/dialer/dialer-store.ts';
import { manualClock, testDatabases } from '../helpers/databases.ts';
import { newBusinessLine } from './seed.ts';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

const record = (listId: string, campaignId: string, i: number): NewRecord => ({
  listId,
  campaignId,
  name: `Contact ${i}`,
  externalId: null,
  data: {},
  numbers: [
    {
      e164: `+3361234${String(i).padStart(4, '0')}`,
      timezone: 'Europe/Paris',
      country: 'FR',
      attempts: 0,
      status: 'active',
    },
  ],
  status: 'pending',
  nextAt: T0,
});

for (const db of testDatabases()) {
  const setup = async () => {
    const clock = manualClock(T0);
    const store = await db.store(clock);
    const dialer = createDialerStore(store.knex, clock);
    const line = await newBusinessLine(store);
    const campaign = await dialer.campaigns.create({
      businessLineId: line.id,
      name: `Campaign ${crypto.randomUUID()}`,
      status: 'running',
      agentIds: ['a1', 'a2'],
      queueIds: [],
      settings: DEFAULT_CAMPAIGN_SETTINGS,
    });
    const list = await dialer.lists.create({ campaignId: campaign.id, name: 'List' });
    await dialer.records.insertMany([1, 2, 3].map((i) => record(list.id, campaign.id, i)));
    const records = await dialer.records.due(campaign.id, T0, 10);
    return { clock, dialer, campaign, records };
  };

  test(`[${db.name}] follow-ups: booked, due in order, listed, dialled, holding their record`, async (t) => {
    const { dialer, campaign, records } = await setup();
    const [r1, r2, r3] = records as [(typeof records)[0], (typeof records)[0], (typeof records)[0]];
    const book = (recordId: number, agentId: string, dueAt: number) =>
      dialer.followUps.create({
        campaignId: campaign.id,
        recordId,
        agentId,
        dueAt,
        note: `call ${recordId}`,
        createdBy: 'u1',
      });
    const late = await book(r1.id, 'a1', T0 + 120_000);
    const early = await book(r2.id, 'a1', T0 + 60_000);
    const other = await book(r3.id, 'a2', T0 + 90_000);
    t.like(early, {
      campaignId: campaign.id,
      recordId: r2.id,
      agentId: 'a1',
      dueAt: T0 + 60_000,
      note: `call ${r2.id}`,
      status: 'scheduled',
      dialledFor: null,
      dialledAgentId: null,
      callId: null,
      createdBy: 'u1',
      createdAt: T0,
    });

    t.deepEqual(await dialer.followUps.due(campaign.id, T0 + 59_999, 10), []);
    t.deepEqual(
      (await dialer.followUps.due(campaign.id, T0 + 120_000, 10)).map((f) => f.id),
      [early.id, other.id, late.id],
    );
    t.deepEqual(
      (
        await dialer.followUps.list({ agentId: 'a1', campaignIds: [campaign.id] }, T0 + 90_000, 10)
      ).map((f) => f.id),
      [early.id],
    );
    t.deepEqual(
      (await dialer.followUps.list({ agentId: null, campaignIds: ['elsewhere'] }, T0 + 1e9, 10))
        .length,
      0,
    );

    t.true(await dialer.followUps.holds(r2.id));
    await dialer.followUps.update(early.id, {
      status: 'dialled',
      dialledFor: 'campaign',
      dialledAgentId: 'a2',
      callId: 'cw-dial-1',
    });
    t.like(await dialer.followUps.get(early.id), {
      status: 'dialled',
      dialledFor: 'campaign',
      dialledAgentId: 'a2',
      callId: 'cw-dial-1',
    });
    t.false(await dialer.followUps.holds(r2.id));
    // A dialled one is no longer due but stays on the agent's list.
    t.deepEqual(
      (await dialer.followUps.due(campaign.id, T0 + 1e9, 10)).map((f) => f.id),
      [other.id, late.id],
    );
    await dialer.followUps.update(late.id, { status: 'cancelled' });
    t.deepEqual(
      (await dialer.followUps.list({ agentId: 'a1', campaignIds: null }, T0 + 1e9, 10)).map(
        (f) => f.id,
      ),
      [early.id],
    );
  });

  test(`[${db.name}] attempts keep the keys a broadcast callee pressed`, async (t) => {
    const { dialer, campaign, records } = await setup();
    const attempt = await dialer.attempts.create({
      campaignId: campaign.id,
      recordId: records[0]!.id,
      e164: '+33612340001',
      channelId: 'cw-dial-2',
      agentId: null,
      startedAt: T0,
      answeredAt: null,
      connectedAt: null,
      endedAt: null,
      outcome: null,
      amd: null,
      hangupCause: null,
      disposition: null,
      notes: null,
    });
    t.is(attempt.dtmf, null);
    await dialer.attempts.update(attempt.id, { outcome: 'delivered', dtmf: '2' });
    t.like(await dialer.attempts.get(attempt.id), { outcome: 'delivered', dtmf: '2' });
  });
}
