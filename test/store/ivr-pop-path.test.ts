/**
 * The IVR path of a screen pop from the recorded IVR sessions, on SQLite
 * and MariaDB: the sessions of the call's channel in time order, their
 * steps in order, labelled as the pop shows them; a call that never went
 * through the IVR has an empty path.
 */
import test from 'ava';
import { createIvrPathLookup } from '../../src/app/live/ivr-paths.ts';
import { createIvrStore } from '../../src/store/ivr/ivr-store.ts';
import { manualClock, testDatabases, unique } from '../helpers/databases.ts';

const T0 = Date.UTC(2026, 0, 1, 9);

function session(channelId: string, flowKey: string, startedAt: number) {
  return {
    channelId,
    channelName: 'PJSIP/trunk-1',
    businessLineId: null,
    flowId: null,
    flowKey,
    flowVersion: 1,
    callerNumber: '+33612345678',
    dialedNumber: '8100',
    language: 'en',
    firewall: 'pass' as const,
    period: 'open' as const,
    outcome: 'queue' as const,
    outcomeDetail: null,
    error: null,
    startedAt,
    endedAt: startedAt + 30_000,
  };
}

const step = (flowKey: string, nodeId: string, event: string, detail: string | null = null) => ({
  at: T0,
  flowKey,
  flowVersion: 1,
  nodeId,
  nodeType: 'menu',
  event: event as 'enter',
  detail,
});

for (const db of testDatabases()) {
  test(`[${db.name}] the pop path follows the call's sessions and steps in order`, async (t) => {
    const store = await db.store();
    const ivr = createIvrStore(store.knex, manualClock(T0));
    const channelId = unique('1767258000.7');
    const main = unique('main');
    // Saved out of order: the later session first.
    await ivr.sessions.save(session(channelId, main, T0 + 60_000), [step(main, 'again', 'enter')]);
    await ivr.sessions.save(session(channelId, main, T0), [
      step(main, 'welcome', 'enter'),
      step(main, 'menu', 'enter'),
      step(main, 'menu', 'invalid', '7'),
      step(main, 'menu', 'digits', '2'),
      step('billing', 'choice', 'enter'),
      step('billing', 'choice', 'digits', '1'),
      step('billing', 'to-queue', 'enter'),
    ]);
    const lookup = createIvrPathLookup(ivr.sessions);
    t.deepEqual(await lookup(channelId), [
      'welcome',
      'menu [2]',
      'billing/choice [1]',
      'billing/to-queue',
      'again',
    ]);
    t.deepEqual(await lookup(unique('never-in-ivr')), []);
  });
}
