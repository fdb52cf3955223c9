/**
 * The dialer's repositories on SQLite and MariaDB: campaigns (settings
 * read back with defaults, unique names), records (batch insert, due
 * selection, status counts, number keys), DNC per scope, attempts with
 * outcome counts, abandon-day buckets, and imports with row errors.
 */
import test from 'ava';
import type { NewRecord } from '../../src/app/dialer/ports.ts';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../../src/domain/dialer/campaign.ts';
import { dncKey } from '../../src/domain/dialer/dnc.ts';
import { createDialerStore } from '../../src/store/dialer/dialer-store.ts';
import { manualClock, testDatabases } from '../helpers/databases.ts';
import { newBusinessLine, rejectsWith } from './seed.ts';

const page = { offset: 0, limit: 100 };
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

const record = (listId: string, campaignId: string, i: number, nextAt = T0): NewRecord => ({
  listId,
  campaignId,
  name: `Contact ${i}`,
  externalId: `ext-${i}`,
  data: { city: 'Paris' },
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
  nextAt,
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
      status: 'draft',
      agentIds: ['a1'],
      queueIds: [],
      settings: { ...DEFAULT_CAMPAIGN_SETTINGS, mode: 'predictive' },
    });
    const list = await dialer.lists.create({ campaignId: campaign.id, name: 'January' });
    return { clock, store, dialer, line, campaign, list };
  };

  test(`[${db.name}] campaigns: created, read back, renamed, unique per line, listed by scope`, async (t) => {
    const { dialer, line, campaign } = await setup();
    t.like(await dialer.campaigns.get(campaign.id), {
      name: campaign.name,
      status: 'draft',
      agentIds: ['a1'],
      settings: { mode: 'predictive', abandonTargetPct: 3 },
    });
    const updated = await dialer.campaigns.update(campaign.id, { status: 'running' });
    t.is(updated.status, 'running');
    await rejectsWith(t, dialer.campaigns.create({ ...updated, name: campaign.name }), 'DUPLICATE');
    t.deepEqual(
      (await dialer.campaigns.list({ businessLineIds: [line.id] }, page)).map((c) => c.id),
      [campaign.id],
    );
    t.deepEqual(await dialer.campaigns.list({ businessLineIds: [] }, page), []);
    t.is((await dialer.lists.ofCampaign(campaign.id))[0]?.name, 'January');
  });

  test(`[${db.name}] records: inserted in batches, due in order, saved, counted`, async (t) => {
    const { dialer, campaign, list, clock } = await setup();
    const rows = Array.from({ length: 1200 }, (_, i) => record(list.id, campaign.id, i, T0 + i));
    await dialer.records.insertMany(rows);
    const due = await dialer.records.due(campaign.id, T0 + 5, 10);
    t.deepEqual(
      due.map((r) => r.name),
      ['Contact 0', 'Contact 1', 'Contact 2', 'Contact 3', 'Contact 4', 'Contact 5'],
    );
    const first = due[0]!;
    t.like(first, { data: { city: 'Paris' }, status: 'pending', attempts: 0 });
    t.is(first.numbers[0]?.timezone, 'Europe/Paris');
    clock.advance(1000);
    await dialer.records.save(first.id, {
      status: 'reserved',
      agentId: 'agent-1',
      attempts: 1,
      nextAt: T0 + 60_000,
    });
    t.like(await dialer.records.reservedFor(campaign.id, 'agent-1'), { id: first.id, attempts: 1 });
    t.deepEqual(await dialer.records.countsByStatus(campaign.id), { pending: 1199, reserved: 1 });
    t.is(await dialer.records.releaseInProgress(campaign.id, T0), 1);
    t.is((await dialer.records.get(first.id))?.status, 'scheduled');
    const keys = await dialer.records.numberKeys(campaign.id);
    t.is(keys.size, 1200);
    t.true(keys.has(dncKey('+33612340007')));
  });

  test(`[${db.name}] DNC: per scope, refused twice, looked up in chunks, removed`, async (t) => {
    const { dialer, line } = await setup();
    const number = `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    await dialer.dnc.add({ scope: line.id, e164: number, reason: 'asked' });
    await rejectsWith(
      t,
      dialer.dnc.add({ scope: line.id, e164: number, reason: 'again' }),
      'DUPLICATE',
    );
    const many = Array.from({ length: 1200 }, (_, i) => `+4420${String(i).padStart(8, '0')}`);
    t.deepEqual([...(await dialer.dnc.blocked([line.id, 'global'], [...many, number]))], [number]);
    t.deepEqual([...(await dialer.dnc.keys(line.id))], [dncKey(number)]);
    t.is((await dialer.dnc.list([line.id], page)).length, 1);
    t.true(await dialer.dnc.remove(line.id, number));
    t.false(await dialer.dnc.remove(line.id, number));
  });

  test(`[${db.name}] attempts and abandon days`, async (t) => {
    const { dialer, campaign, list } = await setup();
    await dialer.records.insertMany([record(list.id, campaign.id, 1)]);
    const [rec] = await dialer.records.due(campaign.id, T0, 1);
    const attempt = await dialer.attempts.create({
      campaignId: campaign.id,
      recordId: rec!.id,
      e164: '+33612340001',
      channelId: 'dial-1',
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
    await dialer.attempts.update(attempt.id, {
      answeredAt: T0 + 5000,
      endedAt: T0 + 9000,
      outcome: 'machine',
      amd: 'MACHINE',
    });
    t.like(await dialer.attempts.get(attempt.id), {
      outcome: 'machine',
      answeredAt: T0 + 5000,
      endedAt: T0 + 9000,
    });
    t.is((await dialer.attempts.ofRecord(rec!.id)).length, 1);
    t.deepEqual(await dialer.attempts.outcomes(campaign.id, T0), { machine: 1 });
    await dialer.abandon.count(campaign.id, '2026-01-05', false);
    await dialer.abandon.count(campaign.id, '2026-01-05', true);
    await dialer.abandon.count(campaign.id, '2026-01-06', false);
    t.deepEqual(await dialer.abandon.days(campaign.id, '2026-01-01'), [
      { day: '2026-01-05', answered: 2, abandoned: 1 },
      { day: '2026-01-06', answered: 1, abandoned: 0 },
    ]);
  });

  test(`[${db.name}] imports keep counts and per-row errors`, async (t) => {
    const { dialer, list } = await setup();
    const imp = await dialer.imports.create(list.id, T0);
    t.like(imp, { status: 'running', rowsDone: 0, rowsTotal: null });
    await dialer.imports.update(imp.id, { rowsTotal: 3, rowsDone: 3, imported: 1, errors: 2 });
    await dialer.imports.addErrors(imp.id, [
      { rowNumber: 3, reason: 'no phone number' },
      { rowNumber: 2, reason: 'invalid number' },
    ]);
    await dialer.imports.update(imp.id, { status: 'completed', finishedAt: T0 + 10 });
    t.like(await dialer.imports.get(imp.id), {
      status: 'completed',
      rowsTotal: 3,
      imported: 1,
      errors: 2,
      finishedAt: T0 + 10,
    });
    t.deepEqual(await dialer.imports.errors(imp.id, page), [
      { rowNumber: 2, reason: 'invalid number' },
      { rowNumber: 3, reason: 'no phone number' },
    ]);
  });
}
