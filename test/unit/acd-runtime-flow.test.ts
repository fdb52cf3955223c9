/**
 * The ACD runtime over fake call control and fake time: the path of one
 * inbound call (hold, offer, ring, answer, bridge, hangup, wrap-up) and
 * what the runtime asks the PBX and writes to the call record on the way.
 */
import test from 'ava';
import { DID, loginAll, offerLeg, offers, type World, world } from './acd-runtime-world.ts';

const worlds: World[] = [];
async function make(o: Parameters<typeof world>[0] = {}): Promise<World> {
  const w = await world(o);
  worlds.push(w);
  return w;
}
test.after.always(async () => {
  for (const w of worlds) await w.close();
});

test('an inbound call is held, offered, bridged, recorded and closed with its record', async (t) => {
  const w = await make({ agents: 1, wrapUpS: 5 });
  const [agent] = w.agents as [string];
  await loginAll(w, [agent]);
  w.call('c1');
  t.is(w.status(agent), 'reserved');
  t.deepEqual(offers(w), [[agent, offerLeg('c1', 1)]]);

  w.send({ type: 'offer-ringing', channelId: offerLeg('c1', 1) });
  t.is(w.status(agent), 'ringing');
  w.send({ type: 'offer-answered', channelId: offerLeg('c1', 1), callId: 'c1', agentId: agent });
  t.is(w.status(agent), 'on-call');
  await w.waitFor((e) => e.type === 'call-bridged');

  const [originate] = w.control.of('originate');
  t.like(originate?.offer, {
    endpoint: 'PJSIP/1001',
    callerNumber: '+33612345678',
    originatorChannelId: 'c1',
    timeoutS: 20,
  });
  t.deepEqual(w.control.of('answer'), [{ op: 'answer', channelId: 'c1' }]);
  t.deepEqual(w.control.of('startHold'), [
    { op: 'startHold', holdId: 'cw-hold-c1', channelId: 'c1' },
  ]);
  t.deepEqual(w.control.of('connect'), [
    { op: 'connect', bridgeId: 'cw-call-c1', channelIds: ['c1', offerLeg('c1', 1)] },
  ]);
  t.deepEqual(w.control.of('record'), [{ op: 'record', bridgeId: 'cw-call-c1', name: 'call-c1' }]);

  w.time.advance(30_000);
  w.send({ type: 'channel-hung-up', channelId: 'c1', cause: null });
  t.is(w.status(agent), 'wrap-up');
  await w.waitFor((e) => e.type === 'call-closed');
  t.deepEqual(
    w.control.of('hangup').map((h) => h.channelId),
    [offerLeg('c1', 1)],
  );
  t.deepEqual(
    w.control.of('destroyBridge').map((d) => d.bridgeId),
    ['cw-hold-c1', 'cw-call-c1'],
  );

  const record = await w.store.calls.getByLinkedId('c1');
  t.like(record, {
    queueId: w.queueId,
    agentId: agent,
    ani: '+33612345678',
    dnis: DID,
    hangupBy: 'caller',
    hangupCause: 16,
    businessLineId: w.lineId,
  });
  t.true(record!.answeredAt !== null && record!.endedAt! > record!.answeredAt!);
  const legs = await w.store.calls.legsOf([record!.id]);
  t.deepEqual(
    legs
      .map((l) => [l.channelId, l.role, l.agentId, l.endedAt !== null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    [
      ['c1', 'caller', null, true],
      [offerLeg('c1', 1), 'agent', agent, true],
    ],
  );

  w.time.advance(5_000);
  t.is(w.status(agent), 'available');
  t.deepEqual(w.metrics.counts, { offered: 1, answered: 1, abandoned: 0 });
});

test('the agent hanging up ends the call for the caller too', async (t) => {
  const w = await make({ agents: 1, wrapUpS: 0 });
  const [agent] = w.agents as [string];
  await loginAll(w, [agent]);
  w.call('c2');
  w.send({ type: 'offer-answered', channelId: offerLeg('c2', 1), callId: 'c2', agentId: agent });
  w.send({ type: 'channel-hung-up', channelId: offerLeg('c2', 1), cause: 16 });
  await w.waitFor((e) => e.type === 'call-closed');
  t.is(w.status(agent), 'available');
  t.deepEqual(
    w.control.of('hangup').map((h) => [h.channelId, h.cause]),
    [['c2', 16]],
  );
  t.like(await w.store.calls.getByLinkedId('c2'), { hangupBy: 'agent', agentId: agent });
});

test('a call waits on hold until an agent logs in, then goes to that agent', async (t) => {
  const w = await make({ agents: 1 });
  const [agent] = w.agents as [string];
  w.call('c3');
  t.deepEqual(offers(w), []);
  t.like(w.runtime.queueView(w.queueId), { waiting: 1, longestWaitS: 0 });
  w.time.advance(12_000);
  t.like(w.runtime.queueView(w.queueId), { waiting: 1, longestWaitS: 12 });
  t.is(w.metrics.read?.().waitingByQueue.get(w.queueId), 1);
  await loginAll(w, [agent]);
  t.deepEqual(offers(w), [[agent, offerLeg('c3', 1)]]);
  t.is(w.status(agent), 'reserved');
});

test('an unknown DID is refused with cause 1 and still recorded', async (t) => {
  const w = await make();
  w.send({
    type: 'inbound-entered',
    channelId: 'c4',
    channelName: 'PJSIP/trunk-00000009',
    ani: '+33612345678',
    dnis: '9999',
    trunk: 'trunk',
    queueId: null,
  });
  const refused = await w.waitFor((e) => e.type === 'call-refused');
  t.like(refused, { channelId: 'c4', code: 'ROUTE_NOT_FOUND' });
  t.deepEqual(w.control.of('hangup'), [{ op: 'hangup', channelId: 'c4', cause: 1 }]);
  const record = await w.store.calls.getByLinkedId('c4');
  t.like(record, { queueId: null, hangupBy: 'system', hangupCause: 1, dnis: '9999' });
});

test('a call on a trunk no route names is routed by its DID alone', async (t) => {
  const w = await make();
  w.send({
    type: 'inbound-entered',
    channelId: 'c5',
    channelName: 'PJSIP/other-00000001',
    ani: '',
    dnis: DID,
    trunk: 'other',
    queueId: null,
  });
  t.like(await w.waitFor((e) => e.type === 'call-changed' && e.to === 'waiting'), {
    callId: 'c5',
    queueId: w.queueId,
  });
});

test('events that arrive before start wait for the configuration', async (t) => {
  const w = await make({ agents: 1 });
  const [agent] = w.agents as [string];
  await loginAll(w, [agent]);
  // A second runtime over the same store, fed before it has started.
  const { fakeAcdRuntime } = await import('../helpers/acd.ts');
  const didTable = {
    dids: [{ did: DID, businessLine: 'Line', queue: 'Sales' }],
  };
  const early = fakeAcdRuntime(w.store, { didTable });
  const seen: string[] = [];
  early.runtime.onEvent((e) => seen.push(e.type));
  early.runtime.handle({
    type: 'inbound-entered',
    channelId: 'c6',
    channelName: 'PJSIP/trunk-00000006',
    ani: '',
    dnis: DID,
    trunk: 'trunk',
    queueId: null,
  });
  t.deepEqual(seen, []);
  await early.runtime.start();
  t.deepEqual(seen, ['call-changed']);
  t.like(early.runtime.queueView(w.queueId), { waiting: 1 });
  await early.runtime.stop();
});
