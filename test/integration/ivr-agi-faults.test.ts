/**
 * The IVR over a FastAGI connection we script line by line (the captured
 * environment block, res_agi's reply formats): a prompt file missing at run
 * time, a connection dropped in the middle of a command, and a flow
 * published while a call runs. Our real FastAGI server, runtime and
 * SQLite store; only Asterisk is played by the test.
 */
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Actor } from '../../src/app/actor.ts';
import { createIvrRuntime, type IvrEvent } from '../../src/app/ivr/ivr-runtime.ts';
import { noIvrMetrics } from '../../src/app/ivr/ports.ts';
import { createServices } from '../../src/app/services.ts';
import { type AgiServer, createAgiServer } from '../../src/asterisk/agi/agi-server.ts';
import { ivrSessionHandler } from '../../src/asterisk/ivr/agi-ivr-entry.ts';
import { createHttpLookup } from '../../src/asterisk/ivr/http-lookup.ts';
import { BUILTIN_TTS_ENGINES } from '../../src/asterisk/ivr/tts-engines.ts';
import { createIvrStore } from '../../src/store/ivr/ivr-store.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createSecretHasher } from '../../src/store/secrets.ts';
import { openStore } from '../../src/store/store.ts';
import { capturedEnvBlock, FakeAsterisk } from '../unit/agi-fake-asterisk.ts';

const logger = pino({ level: 'silent' });
const clock = { now: () => Date.UTC(2026, 0, 5, 10) };

const flowDoc = (menuPrompt: string) => ({
  schemaVersion: 1,
  id: 'faults',
  name: 'Faults',
  start: 'p1',
  nodes: {
    p1: { type: 'play', prompt: 'missing-prompt', next: 'm' },
    m: { type: 'menu', prompt: menuPrompt, options: { '1': 'q' }, onExhausted: 'q' },
    q: { type: 'queue', queueId: 'Sales' },
  },
});

async function setup() {
  const store = await openStore({ databaseUrl: 'sqlite::memory:', clock, logger });
  await migrateToLatest(store.knex);
  const ivrStore = createIvrStore(store.knex, clock);
  const services = createServices({
    store,
    hasher: createSecretHasher(),
    clock,
    logger,
    ivr: { store: ivrStore },
  });
  const admin = (await services.auth.authenticate(
    (await services.auth.bootstrapAdmin(undefined))!,
    null,
  )) as Actor;
  const line = await services.businessLines.create(admin, {
    name: 'Line',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
  const queue = await services.queues.create(admin, { businessLineId: line.id, name: 'Sales' });
  const flow = await services.ivr.flows.create(admin, {
    businessLineId: line.id,
    name: 'Faults',
    document: flowDoc('menu'),
  });
  await services.ivr.flows.publish(admin, flow.id, 'v1');
  await services.ivr.routes.set(admin, '8100', flow.id);
  const runtime = createIvrRuntime({
    store,
    ivr: ivrStore,
    clock,
    logger,
    metrics: noIvrMetrics,
    http: createHttpLookup(),
    dial: { externalDialString: (n) => `PJSIP/${n}@trunk`, dialTimeoutS: 30 },
    newId: () => 'id',
  });
  const ended: Array<Extract<IvrEvent, { type: 'session-ended' }>> = [];
  const waiters: Array<() => void> = [];
  runtime.onEvent((e) => {
    if (e.type !== 'session-ended') return;
    ended.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const server: AgiServer = await createAgiServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    registry: new Registry(),
    onSession: ivrSessionHandler({
      runtime,
      channel: { tts: BUILTIN_TTS_ENGINES, recordingDir: '/var/spool/asterisk/recording' },
      logger,
    }),
  });
  /** Connects as Asterisk would for a call with this uniqueid on DID 8100. */
  async function dial(uniqueid: string): Promise<FakeAsterisk> {
    const asterisk = await FakeAsterisk.connect(server.port);
    asterisk.write(
      capturedEnvBlock()
        .replace(
          'agi_request: agi://127.0.0.1:4573/ivr',
          'agi_request: agi://127.0.0.1:4573/ivr/8100',
        )
        .replace('agi_uniqueid: 1795424216.11', `agi_uniqueid: ${uniqueid}`),
    );
    return asterisk;
  }
  /** The server's next line must be `line`; answers it with `reply`. */
  async function expect(asterisk: FakeAsterisk, line: string, reply?: string) {
    const got = await asterisk.nextLine();
    if (got !== line)
      throw new Error(`expected ${JSON.stringify(line)}, got ${JSON.stringify(got)}`);
    if (reply !== undefined) asterisk.send(reply);
  }
  function endOf(uniqueid: string) {
    const find = () => ended.find((e) => e.channelId === uniqueid);
    return new Promise<Extract<IvrEvent, { type: 'session-ended' }>>((resolve) => {
      const check = () => {
        const e = find();
        if (e) resolve(e);
        else waiters.push(check);
      };
      check();
    });
  }
  return {
    services,
    admin,
    flowId: flow.id,
    queueId: queue.id,
    dial,
    expect,
    endOf,
    async close() {
      await server.close();
      await store.close();
    },
  };
}

type Setup = Awaited<ReturnType<typeof setup>>;
let s: Setup;
test.before(async () => {
  s = await setup();
});
test.after.always(async () => {
  await s?.close();
});

const events = (path: readonly { nodeId: string; event: string; detail: string | null }[]) =>
  path.map((p) => `${p.nodeId} ${p.event}${p.detail === null ? '' : ` ${p.detail}`}`);

test.serial(
  'a prompt missing at run time is skipped and reported; the caller goes on',
  async (t) => {
    const a = await s.dial('1700000000.1');
    await s.expect(a, 'ANSWER', '200 result=0');
    // res_agi: STREAM FILE of a file that does not exist answers result=-1 without a HANGUP.
    await s.expect(a, 'STREAM FILE missing-prompt ""', '200 result=-1 endpos=0');
    await s.expect(a, 'CHANNEL STATUS', '200 result=6');
    await s.expect(a, 'GET DATA menu 5000 1', '200 result=1');
    for (const v of ['CW_QUEUE', 'CW_PRIORITY', 'CW_QUEUE_PRIORITY', 'CW_SKILLS', 'CW_LANGUAGE']) {
      const line = await a.nextLine();
      t.true(line.startsWith(`SET VARIABLE ${v} `), line);
      a.send('200 result=1');
    }
    await s.expect(a, 'SET VARIABLE CW_NEXT "queue"', '200 result=1');
    await a.closed;
    const { session, path } = await s.endOf('1700000000.1');
    t.like(session, {
      outcome: 'queue',
      outcomeDetail: s.queueId,
      error: 'p1: PROMPT_FAILED missing-prompt',
    });
    t.deepEqual(events(path), [
      'p1 enter',
      'p1 error PROMPT_FAILED missing-prompt',
      'm enter',
      'm digits 1',
      'q enter',
      'q exit to-queue',
    ]);
  },
);

test.serial(
  'a connection dropped in the middle of a command ends the session cleanly, path recorded',
  async (t) => {
    const a = await s.dial('1700000000.2');
    await s.expect(a, 'ANSWER', '200 result=0');
    await s.expect(a, 'STREAM FILE missing-prompt ""', '200 result=0 endpos=8000');
    await s.expect(a, 'GET DATA menu 5000 1');
    a.socket.destroy();
    const { session, path } = await s.endOf('1700000000.2');
    t.like(session, { outcome: 'caller-hangup', error: 'AGI_CLOSED' });
    t.deepEqual(events(path), ['p1 enter', 'm enter', 'm hangup']);
    const stored = await s.services.ivr.sessions.list(s.admin, {}, { offset: 0, limit: 10 });
    t.true(stored.some((x) => x.channelId === '1700000000.2' && x.error === 'AGI_CLOSED'));
  },
);

test.serial(
  'a call keeps the version it started with when a new one is published mid-call',
  async (t) => {
    const a = await s.dial('1700000000.3');
    await s.expect(a, 'ANSWER', '200 result=0');
    await s.expect(a, 'STREAM FILE missing-prompt ""', '200 result=0 endpos=8000');
    await s.expect(a, 'GET DATA menu 5000 1');
    // While the caller listens to version 1's menu, version 2 (a new menu prompt) goes live.
    await s.services.ivr.flows.updateDraft(s.admin, s.flowId, { document: flowDoc('menu-v2') });
    const v2 = await s.services.ivr.flows.publish(s.admin, s.flowId, 'v2');
    t.is(v2.version, 2);
    a.send('200 result= (timeout)');
    // Still version 1: the retry plays version 1's prompt.
    await s.expect(a, 'GET DATA menu 5000 1', '200 result=1');
    for (let i = 0; i < 6; i += 1) {
      await a.nextLine();
      a.send('200 result=1');
    }
    await a.closed;
    const first = await s.endOf('1700000000.3');
    t.like(first.session, { flowVersion: 1, outcome: 'queue' });

    // The next call runs version 2.
    const b = await s.dial('1700000000.4');
    await s.expect(b, 'ANSWER', '200 result=0');
    await s.expect(b, 'STREAM FILE missing-prompt ""', '200 result=0 endpos=8000');
    await s.expect(b, 'GET DATA menu-v2 5000 1');
    b.socket.destroy();
    const second = await s.endOf('1700000000.4');
    t.like(second.session, { flowVersion: 2 });
  },
);
