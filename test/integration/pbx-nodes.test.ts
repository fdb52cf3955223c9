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
  const armedOnce = new Promise<void>((resolve) => {
    timerArmed = resolve;
  });
  const reconciled: Array<{ node: string; live: readonly string[] }> = [];
  const nodes = openPbxNodes({
    nodes: [endpointOf('a', simA), endpointOf('b', simB)],
    app: 'callwright',
    logger,
    registry: new Registry(),
    reconcile: async (live, node) => {
      reconciled.push({ node, live });
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
  t.deepEqual(reconciled.map((r) => r.node).sort(), ['a', 'b']);

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
    reconcile: async (live) => {
      reconciles.shift()?.(live);
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
  t.is(timers.armed, 1);
  t.is(timers.cleared, 1);
  t.deepEqual(losses, []);
  t.is(nodes.nodeOfChannel(call)?.id, 'a');
});
