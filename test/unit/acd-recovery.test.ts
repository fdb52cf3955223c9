/**
 * The ACD taking its state back after a restart (recovery.ts), on a real
 * SQLite store with fake call control: from saved presence, open records
 * and a picture of the PBX as ARI would list it. The end-to-end kill -9
 * runs are in test/faults/restart-recovery.test.ts and failover.test.ts.
 */
import test from 'ava';
import type { PbxChannel, PbxPicture } from '../../src/app/acd/pbx-picture.ts';
import { type World, world } from './acd-runtime-world.ts';

// The fake clock starts here (FakeTime).
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

function channel(id: string, patch: Partial<PbxChannel> = {}): PbxChannel {
  return {
    id,
    name: `PJSIP/trunk-${id}`,
    endpoint: 'trunk',
    phone: 'PJSIP/trunk',
    up: true,
    callerNumber: '+33612345678',
    exten: '5001',
    stasisArgs: ['inbound', '5001'],
    bridgeId: null,
    ...patch,
  };
}

/** An open record of a call waiting in the world's queue since `enteredAt`, rung to `agentId` on `leg`. */
async function openRecord(
  w: World,
  callId: string,
  enteredAt: number,
  ring?: { agentId: string; leg: string },
) {
  const call = await w.store.calls.upsertCall({
    linkedId: callId,
    businessLineId: w.lineId,
    direction: 'inbound',
    ani: '+33612345678',
    dnis: '5001',
    queueId: w.queueId,
    agentId: null,
    startedAt: enteredAt,
    answeredAt: enteredAt,
    endedAt: null,
    hangupCause: null,
    hangupBy: null,
    disposition: null,
    notes: null,
    queueEnteredAt: enteredAt,
    source: 'app',
  });
  const leg = (channelId: string, role: string, agentId: string | null) =>
    w.store.calls.upsertLeg({
      callId: call.id,
      channelId,
      channelName: role === 'caller' ? `PJSIP/trunk-${channelId}` : 'PJSIP/1001',
      role,
      agentId,
      startedAt: enteredAt,
      answeredAt: null,
      endedAt: null,
      hangupCause: null,
    });
  await leg(callId, 'caller', null);
  if (ring) await leg(ring.leg, 'agent', ring.agentId);
}

test('callers come back in line, presence comes back, stale offers and ended calls are cleaned up', async (t) => {
  const w = await world({ agents: 3 });
  t.teardown(() => w.close());
  const [a1, a2, a3] = w.agents as [string, string, string];
  await w.store.acdHistory.putPresence([
    { agentId: a1, status: 'ringing', reason: null, since: T0 - 5_000 },
    { agentId: a2, status: 'paused', reason: 'lunch', since: T0 - 60_000 },
    { agentId: a3, status: 'available', reason: null, since: T0 - 30_000 },
  ]);
  // c1 waits since 2 minutes and was ringing a1 on its 2nd offer; c2 waits since 1 minute;
  // c8 ended while nobody listened (its caller is gone).
  await openRecord(w, 'c1', T0 - 120_000, { agentId: a1, leg: 'c1-offer-2' });
  await openRecord(w, 'c2', T0 - 60_000);
  await openRecord(w, 'c8', T0 - 90_000);
  const picture: PbxPicture = {
    channels: [
      channel('c2', { bridgeId: 'cw-hold-c2' }),
      channel('c1', { bridgeId: 'cw-hold-c1' }),
      // a1's phone still rings for c1's old offer (not in our application yet).
      channel('c1-offer-2', {
        name: 'PJSIP/1001-00000001',
        endpoint: '1001',
        phone: 'PJSIP/1001',
        up: false,
        stasisArgs: null,
      }),
      // a3 talks on a call the ACD does not hold (an outbound or internal one).
      channel('x7', {
        name: 'PJSIP/1003-00000007',
        endpoint: '1003',
        phone: 'PJSIP/1003',
        stasisArgs: ['dialer-agent'],
        bridgeId: 'cw-dialer-y7',
      }),
    ],
    bridgeIds: ['cw-hold-c1', 'cw-hold-c2', 'cw-dialer-y7'],
  };
  const report = await w.runtime.recover(picture);
  t.deepEqual(report, {
    waiting: 2,
    connected: 0,
    enteredAnew: 0,
    offersHungUp: 1,
    agentsRestored: 3,
    recordsClosed: 1,
  });

  // The line keeps its order: c1 (2 min) before c2 (1 min), with their first entry times.
  t.deepEqual(
    w.runtime.liveCalls().map((c) => [c.callId, c.enteredAt]),
    [
      ['c1', T0 - 120_000],
      ['c2', T0 - 60_000],
    ],
  );
  t.true(
    w.control.requests.some((r) => r.op === 'hangup' && r.channelId === 'c1-offer-2'),
    'the stale offer is hung up',
  );
  t.is(w.status(a2), 'paused');
  t.is(w.runtime.agentView(a2).reason, 'lunch');
  t.is(w.status(a3), 'on-call', 'busy on the call the ACD does not hold');

  // a1 comes back once its phone stopped ringing, and takes the head of the line on a fresh leg.
  const offer = await w.control.waitFor((r) => r.op === 'originate');
  t.deepEqual(
    offer.op === 'originate'
      ? [offer.offer.callId, offer.offer.agentId, offer.offer.channelId]
      : [],
    ['c1', a1, 'c1-offer-3'],
  );
  // No hold music again for callers already in their holding bridge.
  t.false(w.control.requests.some((r) => r.op === 'startHold'));

  // a3's other call ends: a3 is free and takes c2.
  w.send({ type: 'channel-hung-up', channelId: 'x7', cause: 16 });
  const second = await w.control.waitFor((r) => r.op === 'originate' && r.offer.callId === 'c2');
  t.is(second.op === 'originate' ? second.offer.agentId : null, a3);

  // The call that ended unseen is closed.
  await w.runtime.stop();
  const closed = await w.store.calls.getByLinkedId('c8');
  t.is(closed?.endedAt, T0);
  t.is(closed?.hangupBy, 'system');
});

test('a caller whose arrival was missed is routed; one whose call just ended is left alone', async (t) => {
  const w = await world({ agents: 1 });
  t.teardown(() => w.close());
  await w.runtime.recover({ channels: [], bridgeIds: [] });
  // c4 entered and gave up; its channel lingers (a closing prompt) when ARI reconnects.
  w.call('c4');
  w.send({ type: 'channel-hung-up', channelId: 'c4', cause: 16 });
  await w.waitFor((e) => e.type === 'call-closed' && e.callId === 'c4');
  // c5's arrival was lost with the connection.
  const later = await w.runtime.recover({
    channels: [channel('c4'), channel('c5')],
    bridgeIds: [],
  });
  t.is(later.enteredAnew, 1);
  t.deepEqual(
    w.runtime.liveCalls().map((c) => c.callId),
    ['c5'],
  );
});

test('on the first pass a caller with no record yet is routed anew', async (t) => {
  const w = await world({ agents: 1 });
  t.teardown(() => w.close());
  const report = await w.runtime.recover({ channels: [channel('c6')], bridgeIds: [] });
  t.is(report.enteredAnew, 1);
  t.deepEqual(
    w.runtime.liveCalls().map((c) => c.callId),
    ['c6'],
  );
});

test('a call in conversation with no record to take it back from is left talking, its agent busy', async (t) => {
  const w = await world({ agents: 1 });
  t.teardown(() => w.close());
  const [a1] = w.agents as [string];
  await w.store.acdHistory.putPresence([
    { agentId: a1, status: 'on-call', reason: null, since: T0 - 10_000 },
  ]);
  const report = await w.runtime.recover({
    channels: [
      channel('c7', { bridgeId: 'cw-call-c7' }),
      channel('c7-offer-1', {
        name: 'PJSIP/1001-00000009',
        endpoint: '1001',
        phone: 'PJSIP/1001',
        stasisArgs: ['offer', 'c7', a1],
        bridgeId: 'cw-call-c7',
      }),
    ],
    bridgeIds: ['cw-call-c7'],
  });
  t.like(report, { waiting: 0, connected: 0, enteredAnew: 0, offersHungUp: 0 });
  t.deepEqual(w.runtime.liveCalls(), []);
  t.false(
    w.control.requests.some((r) => r.op === 'hangup' || r.op === 'startHold'),
    'nobody is pulled out of the conversation',
  );
  t.is(w.status(a1), 'on-call', 'its agent is busy until the phone hangs up');
  w.send({ type: 'channel-hung-up', channelId: 'c7-offer-1', cause: 16 });
  t.is(w.status(a1), 'available');
});
