/**
 * What a restarted ACD reads back (SEC-5), on both backends: the agents'
 * saved presence (replaced per agent, gone with its agent) and the
 * application records left open, with their legs and picture revision.
 */
import test from 'ava';
import { createRecordBatchStore } from '../../src/store/records/record-batch-store.ts';
import { testDatabases, unique } from '../helpers/databases.ts';
import { agentInput, newBusinessLine } from './seed.ts';

for (const db of testDatabases()) {
  test(`[${db.name}] agent presence: one row per agent, the latest kept, gone with the agent`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const [a1, a2] = [
      await store.agents.create(agentInput(line.id)),
      await store.agents.create(agentInput(line.id)),
    ];
    const at = Date.UTC(2026, 10, 23, 9, 0, 0, 123);
    await store.acdHistory.putPresence([
      { agentId: a1.id, status: 'available', reason: null, since: at },
      { agentId: a2.id, status: 'paused', reason: 'lunch', since: at + 1 },
      // The latest of an agent in one batch wins.
      { agentId: a1.id, status: 'on-call', reason: null, since: at + 2 },
      // An agent that does not exist (deleted meanwhile) is skipped, not an error.
      { agentId: crypto.randomUUID(), status: 'available', reason: null, since: at },
    ]);
    const mine = async () =>
      (await store.acdHistory.presence())
        .filter((p) => p.agentId === a1.id || p.agentId === a2.id)
        .sort((x, y) => x.since - y.since);
    t.deepEqual(await mine(), [
      { agentId: a2.id, status: 'paused', reason: 'lunch', since: at + 1 },
      { agentId: a1.id, status: 'on-call', reason: null, since: at + 2 },
    ]);
    await store.acdHistory.putPresence([
      { agentId: a2.id, status: 'available', reason: null, since: at + 5 },
    ]);
    t.deepEqual((await mine()).find((p) => p.agentId === a2.id)?.status, 'available');
    await store.agents.delete(a1.id);
    t.deepEqual(
      (await mine()).map((p) => p.agentId),
      [a2.id],
    );
  });

  test(`[${db.name}] open application records come back with their legs and revision`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const since = Date.UTC(2026, 10, 23, 10, 0, 0);
    const record = (linkedId: string, startedAt: number, endedAt: number | null) => ({
      linkedId,
      businessLineId: line.id,
      direction: 'inbound' as const,
      ani: '+33612345678',
      dnis: '5001',
      queueId: null,
      agentId: null,
      startedAt,
      answeredAt: startedAt + 10,
      endedAt,
      hangupCause: null,
      hangupBy: null,
      disposition: null,
      notes: null,
      queueEnteredAt: startedAt + 5,
    });
    const leg = (channelId: string, role: string, startedAt: number) => ({
      channelId,
      channelName: `PJSIP/${role}-0001`,
      role,
      agentId: null,
      startedAt,
      answeredAt: null,
      endedAt: null,
      hangupCause: null,
    });
    const open = unique('open');
    const ended = unique('ended');
    const old = unique('old');
    const captured = unique('captured');
    const batch = createRecordBatchStore(store.knex);
    await batch.writeBatch([
      {
        record: { ...record(open, since + 1000, null), source: 'app' },
        legs: [leg(open, 'caller', since + 1000), leg(`${open}-offer-1`, 'agent', since + 1200)],
        revision: (since + 1000) * 1000 + 3,
      },
      {
        record: { ...record(ended, since + 2000, since + 3000), source: 'app' },
        legs: [],
        revision: 1,
      },
      { record: { ...record(old, since - 1000, null), source: 'app' }, legs: [], revision: 1 },
      { record: { ...record(captured, since + 4000, null), source: 'pbx' }, legs: [] },
    ]);
    const found = (await store.acdHistory.openCalls(since)).filter((o) =>
      [open, ended, old, captured].includes(o.record.linkedId),
    );
    t.deepEqual(
      found.map((o) => o.record.linkedId),
      [open],
      'only open application records since `since`',
    );
    const [first] = found;
    t.is(first?.revision, (since + 1000) * 1000 + 3);
    t.is(first?.record.queueEnteredAt, since + 1005);
    t.deepEqual(
      first?.legs.map((l) => [l.channelId, l.role]),
      [
        [open, 'caller'],
        [`${open}-offer-1`, 'agent'],
      ],
    );
  });
}
