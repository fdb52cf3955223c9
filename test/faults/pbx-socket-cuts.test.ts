/**
 * The ARI and AMI connections die `PBX_CUTS` times (default 100) at random
 * moments while simulated inbound calls flow through the real ACD over ARI
 * and the AMI CDR/CEL capture records what never reaches the application.
 * Both clients reach the PBX simulator through TCP relays the test cuts:
 * open connections (the ARI event WebSocket and REST keep-alive sockets, or
 * the AMI session) are reset and new ones refused for a random time, then
 * the relay accepts again. Each cut hits ARI or AMI, drawn at random, never
 * both at once: a call that starts and ends while callwright hears nothing
 * at all from Asterisk can only be found in Asterisk's own CDR backend.
 * The clients use their production reconnect backoff, and after every ARI
 * (re)connect the runtime reconciles and recovers as main.ts has it.
 *
 * Asserted: after every cut the client comes back by itself (ARI
 * reconciled, AMI logged in); the process never throws (ava fails a test on
 * any uncaught exception or unhandled rejection); once traffic stops every
 * call the simulator placed has exactly one record in the database, with its
 * end time: calls in the ACD from the ACD, calls Asterisk could not hand to
 * the application while ARI was away (Stasis FAILED) from the capture. The
 * time from "PBX reachable again" to "client back" is measured and logged,
 * never asserted (the < 1 s target is the backoff cap, checked in the
 * backoff unit tests). The up and down times
 * are the fault being injected, not a synchronisation: every wait is on a
 * client state or a runtime event.
 */
import { setTimeout as delay } from 'node:timers/promises';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { storeChannelParties } from '../../src/app/records/channel-parties.ts';
import { createPbxCapture } from '../../src/app/records/pbx-capture.ts';
import { createRecordWriter, type RecordWriter } from '../../src/app/records/record-writer.ts';
import { pictureOf } from '../../src/asterisk/acd/pbx-picture.ts';
import { createAmiClient } from '../../src/asterisk/ami/ami-client.ts';
import type { AmiClient } from '../../src/asterisk/ami/ami-client-types.ts';
import { DEFAULT_BACKOFF } from '../../src/asterisk/ari/backoff.ts';
import type { AriConnectionState } from '../../src/asterisk/ari/client.ts';
import { translateRecordEvent } from '../../src/asterisk/records/ami-record-events.ts';
import { openOutboxFile } from '../../src/store/records/outbox-file.ts';
import { createRecordBatchStore } from '../../src/store/records/record-batch-store.ts';
import { memoryMetrics, tempOutboxPath } from '../helpers/records.ts';
import { startTcpCut, type TcpCut } from '../helpers/tcp-cut.ts';
import { type AcdUnderTest, DID, startAcd, WAIT_LIMIT_MS } from '../integration/acd-harness.ts';

const CUTS = Number(process.env.PBX_CUTS ?? 100);
const SEED = Number(process.env.PBX_CUTS_SEED ?? 20_261_123);
/** Each cut comes 0..UP_MAX_MS after both clients are back, and lasts 0..DOWN_MAX_MS. */
const UP_MAX_MS = 100;
const DOWN_MAX_MS = 200;
const AMI_USER = 'callwright';
const AMI_SECRET = 'cuts-secret';

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function summary(ms: number[]) {
  const sorted = [...ms].sort((x, y) => x - y);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: Math.round(sorted.at(-1) ?? 0) };
}

/** Resolves once the ARI client's state is `state` (now or later). */
function ariState(acd: AcdUnderTest, state: AriConnectionState): Promise<void> {
  if (acd.ari.state === state) return Promise.resolve();
  return new Promise((resolve) => {
    const off = acd.ari.onStateChange((next) => {
      if (next !== state) return;
      off();
      resolve();
    });
  });
}

let acd: AcdUnderTest | undefined;
let ami: AmiClient | undefined;
const relays: TcpCut[] = [];
test.after.always(async () => {
  await ami?.close();
  await acd?.close();
  for (const relay of relays) await relay.close();
});

test(`no record is lost and both clients come back after ${CUTS} ARI and AMI cuts under traffic`, async (t) => {
  t.timeout(CUTS * 2_000 + 60_000);
  const random = seeded(SEED);
  const logger = pino({ level: process.env.FAULT_TEST_LOG ?? 'silent' });
  const metrics = memoryMetrics();
  let writer: RecordWriter | undefined;
  let ariRelay: TcpCut | undefined;
  const a = await startAcd({
    wrapUpS: 0,
    phone: { answerAfterS: 0.1 },
    amiUsers: { [AMI_USER]: AMI_SECRET },
    ariReconnect: DEFAULT_BACKOFF,
    logger,
    ariUrl: async (sim) => {
      ariRelay = await startTcpCut('127.0.0.1', sim.ariPort);
      relays.push(ariRelay);
      return `http://127.0.0.1:${ariRelay.port}`;
    },
    records: (store) => {
      writer = createRecordWriter({
        store: createRecordBatchStore(store.knex),
        outbox: openOutboxFile(tempOutboxPath(), logger),
        logger,
        metrics: metrics.metrics,
        schedule: (ms, run) => {
          const timer = setTimeout(run, ms);
          return () => clearTimeout(timer);
        },
        seconds: () => performance.now() / 1000,
      });
      void writer.start();
      return writer;
    },
  });
  acd = a;
  // As main.ts does after every ARI (re)connect: callers in our application the
  // runtime does not hold (a StasisStart lost with the socket) are taken back.
  a.ari.onReconnect(async () => {
    const [channels, bridges] = await Promise.all([a.ari.channels.list(), a.ari.bridges.list()]);
    await a.runtime.recover(pictureOf({ channels, bridges }, 'callwright'));
  });
  const amiRelay = await startTcpCut('127.0.0.1', a.sim.amiPort);
  relays.push(amiRelay);
  // The production client: default backoff, as main.ts builds it.
  ami = createAmiClient({
    host: '127.0.0.1',
    port: amiRelay.port,
    username: AMI_USER,
    secret: AMI_SECRET,
    logger,
    registry: new Registry(),
  });
  const amiClient = ami;
  let amiLogins = 0;
  const loginWaiters: Array<() => void> = [];
  amiClient.onReconnect(() => {
    amiLogins += 1;
    for (const wake of loginWaiters.splice(0)) wake();
  });
  /** Resolves on the next AMI login after this call. */
  const nextAmiLogin = () => new Promise<void>((resolve) => loginWaiters.push(resolve));
  // The capture of calls that never reach the application, as compose-records.ts wires it.
  const capture = createPbxCapture({
    sink: writer!,
    parties: storeChannelParties({
      store: a.store,
      clock: { now: () => Date.now() },
      trunks: ['trunk'],
    }),
    appName: 'callwright',
    logger,
  });
  amiClient.onEvent((event) => {
    const translated = translateRecordEvent(event, 'UTC');
    if (translated) capture.handle(translated);
  });
  await amiClient.whenConnected();
  for (const agentId of a.agents) {
    await a.runtime.agentAction(agentId, { type: 'login' });
    await a.runtime.agentAction(agentId, { type: 'ready' });
  }

  const mark = a.events.length;
  // What "traffic is over" means: every placed channel destroyed by the
  // simulator, every call the ACD took closed by it.
  const destroyed = new Set<string>();
  const entered = new Set<string>();
  const closed = new Set<string>();
  const settleWaiters = new Set<() => void>();
  const wake = () => {
    for (const check of [...settleWaiters]) check();
  };
  a.sim.core.bus.on((e) => {
    if (e.type !== 'ChannelDestroyed') return;
    destroyed.add(e.channel.id);
    wake();
  });
  a.runtime.onEvent((e) => {
    if (e.type === 'call-changed' && e.from === null) entered.add(e.callId);
    else if (e.type === 'call-closed') closed.add(e.callId);
    else if (e.type === 'call-refused') closed.add(e.channelId);
    else return;
    wake();
  });
  const trafficOver = (placed: readonly string[]) =>
    new Promise<void>((resolve, reject) => {
      const over = () =>
        placed.every((id) => destroyed.has(id)) && [...entered].every((id) => closed.has(id));
      const limit = setTimeout(() => {
        settleWaiters.delete(check);
        const live = placed.filter((id) => !destroyed.has(id));
        const open = [...entered].filter((id) => !closed.has(id));
        reject(
          new Error(`traffic not over: live ${live.join(',')}; open in the ACD ${open.join(',')}`),
        );
      }, WAIT_LIMIT_MS);
      const check = () => {
        if (!over()) return;
        clearTimeout(limit);
        settleWaiters.delete(check);
        resolve();
      };
      settleWaiters.add(check);
      check();
    });
  a.sim.control.startTraffic({
    seed: SEED,
    dids: [{ did: DID, ratePerMinute: 120 }],
    talk: { kind: 'fixed', value: 0.3 },
    patience: { kind: 'fixed', value: 5 },
  });
  await a.waitFor('a first call closed', (e) => e.type === 'call-closed', mark);

  const ariBack: number[] = [];
  const ariReconciled: number[] = [];
  const amiBack: number[] = [];
  const downMs: number[] = [];
  for (let cut = 0; cut < CUTS; cut += 1) {
    await delay(random() * UP_MAX_MS);
    const down = random() * DOWN_MAX_MS;
    downMs.push(down);
    if (random() < 0.5) {
      const lost = ariState(a, 'disconnected');
      ariRelay!.cut();
      // The client must notice before "reachable again" means anything.
      await lost;
      await delay(down);
      ariRelay!.restore();
      const reachable = performance.now();
      await Promise.all([
        ariState(a, 'connected').then(() => ariBack.push(performance.now() - reachable)),
        a.ari.connect().then(() => ariReconciled.push(performance.now() - reachable)),
      ]);
    } else {
      const login = nextAmiLogin();
      amiRelay.cut();
      await delay(down);
      amiRelay.restore();
      const reachable = performance.now();
      await login;
      amiBack.push(performance.now() - reachable);
    }
  }
  const placed = a.sim.control.stopTraffic().map((c) => c.channelId);

  t.is(ariBack.length + amiBack.length, CUTS, 'the client came back after every cut');
  t.is(amiLogins, amiBack.length + 1, 'one AMI login per AMI cut, plus the first');
  t.true(ariBack.length > 0 && amiBack.length > 0, 'both connections were cut');
  t.true(
    ariRelay!.refused() + amiRelay.refused() > 0,
    'the clients retried while the PBX was away',
  );
  t.true(placed.length >= CUTS / 10, `calls placed during the cuts: ${placed.length}`);

  await trafficOver(placed);
  await capture.settled();
  await writer!.idle();
  const rows: Array<{ linked_id: string; ended_at: unknown }> = await a.store
    .knex('calls')
    .whereIn('linked_id', placed)
    .select('linked_id', 'ended_at');
  t.deepEqual(
    rows.map((r) => r.linked_id).sort(),
    [...placed].sort(),
    'every call of the simulator is recorded, once',
  );
  t.true(
    rows.every((r) => r.ended_at !== null),
    'each with its end time',
  );
  const figures = {
    cuts: CUTS,
    seed: SEED,
    calls: placed.length,
    down_ms: summary(downMs),
    ari_connected_ms: summary(ariBack),
    ari_reconciled_ms: summary(ariReconciled),
    ami_logged_in_ms: summary(amiBack),
  };
  t.log(JSON.stringify(figures));
});
