/**
 * Acceptance: the adapters survive their connections being cut while calls
 * flow. The simulator's traffic generator places inbound calls into
 * Stasis(callwright,inbound,DID); a tiny test app on our ARI client answers
 * and hangs each one up. The simulator's fault control then kills the ARI
 * WebSocket (and, separately, the AMI socket) 20 times: each time the client
 * must come back by itself, run its reconnect hook, and see events of calls
 * placed after the drop. Every wait is on an event or a promise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { type AmiClient, createAmiClient } from '../../src/asterisk/ami/ami-client.ts';
import { type AriClient, createAriClient } from '../../src/asterisk/ari/client.ts';
import { openPbxLink, type PbxSnapshot } from '../../src/asterisk/pbx-link.ts';
import { type Simulator, startSimulator } from '../../src/sim/simulator.ts';
import { AmiRecorder } from '../contract/ami-recorder.ts';
import { AriRecorder } from '../contract/ari-recorder.ts';
import { Signals } from './signals.ts';

const DROPS = 20;
const USER = 'reconnect';
const SECRET = 'reconnect-secret';
/** Fast retries: the test measures recovery, not patience. */
const RECONNECT = { minMs: 10, maxMs: 200 };
const silent = () => pino({ level: 'silent' });

const dirs: string[] = [];
const sims: Simulator[] = [];
const closers: Array<() => Promise<void>> = [];

async function simulator(): Promise<Simulator> {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'reconnect-rec-'));
  dirs.push(recordingsDir);
  const sim = await startSimulator({
    ariPort: 0,
    amiPort: 0,
    ariUser: USER,
    ariPassword: SECRET,
    amiUsers: { [USER]: SECRET },
    dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
    recordingsDir,
  });
  sims.push(sim);
  return sim;
}

/** Inbound traffic into Stasis(callwright,inbound,5000), about ten calls a second. */
function startTraffic(sim: Simulator): void {
  sim.control.startTraffic({ seed: 42, dids: [{ did: '5000', ratePerMinute: 600 }] });
}

/** Our ARI client as the dialplan's application, closed after the tests. */
function ariClient(sim: Simulator): AriClient {
  const ari = createAriClient({
    url: sim.ariUrl,
    user: USER,
    password: SECRET,
    app: 'callwright',
    logger: silent(),
    registry: new Registry(),
    reconnect: RECONNECT,
  });
  closers.push(() => ari.close());
  return ari;
}

/** Our AMI client (it connects at once), closed after the tests. */
function amiClient(sim: Simulator): AmiClient {
  const ami = createAmiClient({
    host: '127.0.0.1',
    port: sim.amiPort,
    username: USER,
    secret: SECRET,
    logger: silent(),
    registry: new Registry(),
    reconnect: RECONNECT,
  });
  closers.push(() => ami.close());
  return ami;
}

/** The tiny app: answer each inbound call, then hang it up. */
function answerAndHangUp(ari: AriClient): void {
  ari.onEvent(async (event) => {
    if (event.type !== 'StasisStart' || event.args[0] !== 'inbound') return;
    // A drop can cut these short (ARI_CLOSED, unreachable): the caller's problem, not the test's.
    await ari.channels.answer(event.channel.id).catch(() => undefined);
    await ari.channels.hangup(event.channel.id).catch(() => undefined);
  });
}

/** 1, 2, ..., n. */
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test.after.always(async () => {
  for (const close of closers.splice(0)) await close().catch(() => undefined);
  for (const sim of sims.splice(0)) await sim.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test.serial(
  'ARI: 20 WebSocket drops during traffic, each followed by reconnect, reconcile and new calls',
  async (t) => {
    const sim = await simulator();
    const ari = ariClient(sim);
    const reconciles = new Signals<number>();
    ari.onReconnect((info) => reconciles.emit(info.connection));
    const events = new AriRecorder(ari);
    answerAndHangUp(ari);
    await ari.connect();
    startTraffic(sim);
    const isInbound = (e: { args: string[] }) => e.args[0] === 'inbound';
    await events.waitFor('StasisStart', isInbound);
    for (let drop = 1; drop <= DROPS; drop++) {
      const reconciled = reconciles.next();
      t.is(sim.control.dropAriWebSockets(), 1, `drop ${drop} found the socket`);
      t.is(await reconciled, drop + 1);
      const from = events.mark();
      const start = await events.waitFor('StasisStart', isInbound, from);
      t.truthy(start.channel.id, `calls reach the app after drop ${drop}`);
    }
    t.deepEqual(reconciles.seen, upTo(DROPS + 1));
    sim.control.stopTraffic();
  },
);

test.serial(
  'AMI: 20 socket drops during traffic, each followed by re-login, hook and events',
  async (t) => {
    const sim = await simulator();
    const ari = ariClient(sim);
    answerAndHangUp(ari);
    await ari.connect();
    const ami = amiClient(sim);
    const logins = new Signals<number>();
    let count = 0;
    ami.onReconnect(() => logins.emit(++count));
    const events = new AmiRecorder(ami);
    await logins.next();
    startTraffic(sim);
    await events.waitFor('Newchannel');
    for (let drop = 1; drop <= DROPS; drop++) {
      const relogged = logins.next();
      t.is(await sim.control.dropAmiSockets(), 1, `drop ${drop} found the session`);
      t.is(await relogged, drop + 1);
      const from = events.mark();
      const created = await events.waitFor('Newchannel', () => true, from);
      t.regex(created.channel, /^PJSIP\/trunk-/, `events flow after drop ${drop}`);
      t.is((await ami.action('Ping')).response.get('Ping'), 'Pong');
    }
    t.deepEqual(logins.seen, upTo(DROPS + 1));
    sim.control.stopTraffic();
  },
);

test.serial('pbx-link: after a drop the reconcile hook gets what the simulator has', async (t) => {
  const sim = await simulator();
  const snapshots = new Signals<PbxSnapshot>();
  const link = openPbxLink({
    ari: { url: sim.ariUrl, user: USER, password: SECRET, app: 'callwright' },
    ami: { host: '127.0.0.1', port: sim.amiPort, username: USER, secret: SECRET },
    logger: silent(),
    registry: new Registry(),
    reconcile: async (snapshot) => snapshots.emit(snapshot),
  });
  closers.push(() => link.close());
  await link.ready();
  t.like(snapshots.seen[0], { channels: [], bridges: [] });
  t.true(typeof snapshots.seen[0]?.listedAt === 'number', 'the snapshot says when it was listed');
  const events = new AriRecorder(link.ari);
  const one = await link.ari.channels.originate({
    endpoint: 'Local/6000@from-trunk',
    app: 'callwright',
    appArgs: 'reconcile',
  });
  const two = await events.waitFor('StasisStart', (e) => e.args[1] === '6000');
  await link.ari.channels.answer(two.channel.id);
  await events.forChannel('StasisStart', one.id);
  const bridge = await link.ari.bridges.create({ type: 'mixing', name: 'reconcile' });
  await link.ari.bridges.addChannel(bridge.id, { channel: one.id });
  await events.forChannel('ChannelEnteredBridge', one.id);
  const next = snapshots.next();
  t.is(sim.control.dropAriWebSockets(), 1);
  const snapshot = await next;
  const ids = (list: readonly object[]) =>
    list.map((x) => String((x as { id?: unknown }).id)).sort();
  t.deepEqual(ids(snapshot.channels), ids(sim.control.channels()));
  t.deepEqual(ids(snapshot.channels), [one.id, two.channel.id].sort());
  t.deepEqual(ids(snapshot.bridges), ids(sim.control.bridges()));
  t.deepEqual(snapshot.bridges[0]?.channels, [one.id]);
  const names = (list: readonly object[]) =>
    list.map((x) => String((x as { name?: unknown }).name)).sort();
  t.deepEqual(names(snapshot.channels), names(sim.control.channels()));
});
