/**
 * Two PBX simulators as two Asterisk nodes under one set of links: calls are
 * attributed to the node they arrive on, phones are bound to the node they
 * register on, new calls go to the least-loaded node, and a node that goes
 * away is reported with its calls and phones while the other keeps working.
 */
import { fileURLToPath } from 'node:url';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { AriEvent } from '../../src/asterisk/ari/client.ts';
import type { AsteriskNodeEndpoint } from '../../src/asterisk/nodes/node-config.ts';
import { openPbxNodes, type PbxNodes } from '../../src/asterisk/nodes/node-set.ts';
import { createRoutedAri } from '../../src/asterisk/nodes/routed-ari.ts';
import type { NodeLoss } from '../../src/domain/pbx/media-plane.ts';
import { type Simulator, startSimulator } from '../../src/sim/simulator.ts';

const dialplanDir = fileURLToPath(new URL('../../dialplan', import.meta.url));
const logger = pino({ level: 'silent' });

/** A simulator standing in for one node; `systemName` keeps its uniqueids apart, as on real nodes. */
async function simulator(systemName: string, phones: string[]): Promise<Simulator> {
  return startSimulator({
    identity: { systemName },
    ariPort: 0,
    amiPort: 0,
    ariUser: 'cw',
    ariPassword: 'pw',
    amiUsers: { cw: 'pw' },
    dialplanDir,
    phones,
    amiAuthFailDelayMs: 0,
  });
}

const endpointOf = (id: string, sim: Simulator): AsteriskNodeEndpoint => ({
  id,
  ari: { url: sim.ariUrl, user: 'cw', password: 'pw' },
  ami: { host: '127.0.0.1', port: sim.amiPort, username: 'cw', secret: 'pw' },
  maxChannels: null,
});

/** Resolves with the first event of `node` that `match` accepts. */
function nextEvent(
  nodes: PbxNodes,
  node: string,
  match: (e: AriEvent) => boolean,
): Promise<AriEvent> {
  return new Promise((resolve) => {
    const off = nodes.node(node)?.link.ari.onEvent((event) => {
      if (!match(event)) return;
      off?.();
      resolve(event);
    });
  });
}

/** Places an inbound call on a simulator and resolves once its node's plane holds it. */
async function inboundCall(nodes: PbxNodes, node: string, sim: Simulator, did: string) {
  const started = nextEvent(nodes, node, (e) => e.type === 'StasisStart' && e.args[1] === did);
  const placed = sim.control.placeCall({ from: '+33612345678', to: did });
  await started;
  return placed.channelId;
}

test('two simulators as two nodes: placement, phone binding and the loss of a node', async (t) => {
  const simA = await simulator('pbx-a', ['1001', '1002']);
  const simB = await simulator('pbx-b', ['1003', '1004']);
  let simBOpen = true;
  t.teardown(async () => {
    await simA.close();
    if (simBOpen) await simB.close();
  });
  // Timers the test fires itself: a node is declared lost when the test says so.
  const armed: Array<() => void> = [];
  let timerArmed: () => void = () => {};
  const nextArmed = () =>
    new Promise<void>((resolve) => {
      timerArmed = resolve;
    });
  const reconciled: Array<{ node: string | null; first: boolean; live: readonly string[] }> = [];
  const nodes = openPbxNodes({
    nodes: [endpointOf('a', simA), endpointOf('b', simB)],
    app: 'callwright',
    logger,
    registry: new Registry(),
    reconcile: async (pass) => {
      reconciled.push({ node: pass.node, first: pass.first, live: pass.liveChannelIds });
    },
    timers: {
      set: (fire) => {
        armed.push(fire);
        timerArmed();
        return armed.length;
      },
      clear: () => {},
    },
  });
  t.teardown(() => nodes.close());
  await nodes.ready();

  t.deepEqual(
    [...nodes.plane().nodes],
    [
      ['a', true],
      ['b', true],
    ],
  );
  t.deepEqual([...nodes.plane().phones].sort(), [
    ['PJSIP/1001', 'a'],
    ['PJSIP/1002', 'a'],
    ['PJSIP/1003', 'b'],
    ['PJSIP/1004', 'b'],
  ]);
  t.deepEqual(
    reconciled.map((r) => [r.node, r.first]),
    [[null, true]],
    'one first pass over both nodes',
  );

  const onA = await inboundCall(nodes, 'a', simA, '33170000001');
  t.is(nodes.nodeOfChannel(onA)?.id, 'a');
  t.regex(onA, /^pbx-a-\d+\.\d+$/, "uniqueids carry the node's systemname");
  const placed = nodes.placeCall();
  t.true(placed.ok && placed.node.id === 'b', 'the empty node takes the next call');

  const onB1 = await inboundCall(nodes, 'b', simB, '33170000002');
  const onB2 = await inboundCall(nodes, 'b', simB, '33170000003');
  t.is(nodes.nodeOfChannel(onB1)?.id, 'b');
  const next = nodes.placeCall();
  t.true(next.ok && next.node.id === 'a', 'a (1 call) is now less loaded than b (2 calls)');

  // A phone that unregisters from its node is no longer bound to it.
  const removed = nextEvent(nodes, 'a', (e) => e.type === 'ContactStatusChange');
  simA.control.setPhone('1002', { registered: false });
  await removed;
  t.is(nodes.nodeOfPhone('PJSIP/1002'), undefined);
  t.is(nodes.nodeOfPhone('PJSIP/1001')?.id, 'a');

  // Node b goes away: once declared lost, its calls and phones are reported.
  const lost = new Promise<NodeLoss>((resolve) => nodes.onLoss(resolve));
  armed.length = 0;
  const armedOnce = nextArmed();
  simBOpen = false;
  await simB.close();
  await armedOnce;
  for (const fire of armed) fire();
  const loss = await lost;
  t.is(loss.node, 'b');
  t.deepEqual([...loss.channels].sort(), [onB1, onB2].sort());
  t.deepEqual([...loss.phones].sort(), ['PJSIP/1003', 'PJSIP/1004']);
  t.is(nodes.plane().nodes.get('b'), false);
  t.is(nodes.nodeOfChannel(onA)?.id, 'a', 'the calls of the other node are untouched');
  const after = nodes.placeCall();
  t.true(after.ok && after.node.id === 'a', 'new calls go to the node that is left');
  t.deepEqual(
    nodes.readiness().map((r) => [r.name, r.ok]),
    [
      ['ari:a', true],
      ['ami:a', true],
      ['ari:b', false],
      ['ami:b', false],
    ],
  );
});

test('a node that reconnects within the grace period loses nothing and is reconciled again', async (t) => {
  const simA = await simulator('pbx-a', ['1001']);
  t.teardown(() => simA.close());
  const timers = { armed: 0, cleared: 0 };
  const reconciles: Array<(live: readonly string[]) => void> = [];
  const nextReconcile = () =>
    new Promise<readonly string[]>((resolve) => {
      reconciles.push(resolve);
    });
  let first = nextReconcile();
  const losses: NodeLoss[] = [];
  const nodes = openPbxNodes({
    nodes: [endpointOf('a', simA)],
    app: 'callwright',
    logger,
    registry: new Registry(),
    reconcile: async (pass) => {
      reconciles.shift()?.(pass.liveChannelIds);
    },
    timers: {
      set: () => ++timers.armed,
      clear: () => {
        timers.cleared++;
      },
    },
  });
  t.teardown(() => nodes.close());
  nodes.onLoss((loss) => losses.push(loss));
  await nodes.ready();
  await first;
  const call = await inboundCall(nodes, 'a', simA, '33170000001');

  first = nextReconcile();
  t.is(simA.control.dropAriWebSockets(), 1);
  const live = await first;
  t.deepEqual(live, [call], 'the call survived the reconnect');
  t.is(timers.armed, 2, 'the start-up wait, then the grace period of the cut');
  t.is(timers.cleared, 2, 'both called off: the node answered each time');
  t.deepEqual(losses, []);
  t.is(nodes.nodeOfChannel(call)?.id, 'a');
});

test('the routed ARI client: calls placed by load, bridges on their first channel, phones of another node at their contact', async (t) => {
  const every = ['1001', '1002', '1003', '1004'];
  const simA = await simulator('pbx-a', every);
  const simB = await simulator('pbx-b', every);
  t.teardown(async () => {
    await simA.close();
    await simB.close();
  });
  // Every node knows every phone; each phone registered on one node only.
  for (const ext of ['1003', '1004']) simA.control.setPhone(ext, { registered: false });
  for (const ext of ['1001', '1002']) simB.control.setPhone(ext, { registered: false });
  for (const sim of [simA, simB])
    sim.control.setCallees([
      { pattern: '.*', kind: 'human', answerAfterS: { kind: 'fixed', value: 0 } },
    ]);
  const nodes = openPbxNodes({
    nodes: [endpointOf('a', simA), endpointOf('b', simB)],
    app: 'callwright',
    logger,
    registry: new Registry(),
    reconcile: async () => {},
  });
  t.teardown(() => nodes.close());
  await nodes.ready();
  const ari = createRoutedAri(nodes);
  const onSim = (sim: Simulator, id: string) => sim.control.channels().some((c) => c.id === id);

  // No originator: the least-loaded node, ties to configuration order.
  const answered = nextEvent(
    nodes,
    'b',
    (e) => e.type === 'StasisStart' && e.channel.id === 'out-2',
  );
  await ari.channels.originate({
    endpoint: 'PJSIP/+33612340001@trunk',
    app: 'callwright',
    channelId: 'out-1',
  });
  await ari.channels.originate({
    endpoint: 'PJSIP/+33612340002@trunk',
    app: 'callwright',
    channelId: 'out-2',
  });
  t.true(onSim(simA, 'out-1'));
  t.true(onSim(simB, 'out-2'), 'the second call goes to the node left empty');
  t.is(nodes.nodeOfChannel('out-2')?.id, 'b', 'known at once, before any event');

  // A bridge asked for is made where its first channel is (once the callee answered into Stasis).
  await answered;
  await ari.bridges.create({ type: 'mixing', bridgeId: 'br-1' });
  t.is(
    simA.control.bridges().length + simB.control.bridges().length,
    0,
    'held until a channel joins',
  );
  t.is(await ari.bridges.addChannel('br-1', { channel: 'out-2' }), undefined);
  t.deepEqual(
    simB.control.bridges().map((b) => b.id),
    ['br-1'],
  );
  t.is(await ari.bridges.destroy('br-1'), undefined);

  // An agent leg for a caller of b, to a phone registered on a: made on b, rung at the phone's contact.
  await ari.channels.originate({
    endpoint: 'PJSIP/1001',
    app: 'callwright',
    channelId: 'leg-1',
    originator: 'out-2',
  });
  const leg = simB.control.channels().find((c) => c.id === 'leg-1');
  t.regex(String(leg?.name), /^PJSIP\/1001-/, 'the leg lives on the caller node');
  t.false(onSim(simA, 'leg-1'));
  // A phone alone (click-to-dial): on the node it registered on.
  await ari.channels.originate({ endpoint: 'PJSIP/1003', app: 'callwright', channelId: 'self-1' });
  t.true(onSim(simB, 'self-1'));
  // Operations by id reach the node holding the channel; an unknown id is Gone.
  t.is(await ari.channels.hangup('out-1'), undefined);
  t.like(await ari.channels.hangup('no-such-channel'), { gone: true, resource: 'channel' });
});
