/**
 * Calls that never touch our application, captured from AMI CDR/CEL
 * through the PBX simulator (real AMI over a socket, the shipped dialplan)
 * into a real SQLite database: an agent-to-agent call gives exactly one
 * record with both phones as legs; a call that ran our Stasis application
 * gives only the application's record. Every wait is on an AMI event or a
 * promise; the time limit only turns a hang into a readable failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Clock } from '../../src/app/clock.ts';
import { storeChannelParties } from '../../src/app/records/channel-parties.ts';
import { createPbxCapture, type PbxCapture } from '../../src/app/records/pbx-capture.ts';
import type { RecordWriter } from '../../src/app/records/record-writer.ts';
import { type AmiClient, createAmiClient } from '../../src/asterisk/ami/ami-client.ts';
import type { AmiEvent } from '../../src/asterisk/ami/ami-event-types.ts';
import { type AriClient, createAriClient } from '../../src/asterisk/ari/client.ts';
import { translateRecordEvent } from '../../src/asterisk/records/ami-record-events.ts';
import { type Simulator, startSimulator } from '../../src/sim/simulator.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRecordBatchStore } from '../../src/store/records/record-batch-store.ts';
import { type OpenedStore, openStore } from '../../src/store/store.ts';
import { pictureOf, tempOutboxPath, writerOver } from '../helpers/records.ts';

const USER = 'rec';
const SECRET = 'rec-secret';
const WAIT_LIMIT_MS = 20_000;
const logger = pino({ level: 'silent' });

interface World {
  sim: Simulator;
  store: OpenedStore;
  ami: AmiClient;
  ari: AriClient;
  writer: RecordWriter;
  capture: PbxCapture;
  agents: Record<string, string>;
  lineId: string;
  /** Resolves at the CEL LINKEDID_END of `linkedId` (past or future). */
  callEnded(linkedId: string): Promise<void>;
  close(): Promise<void>;
}

async function startWorld(): Promise<World> {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'rec-cap-'));
  const sim = await startSimulator({
    ariPort: 0,
    amiPort: 0,
    ariUser: USER,
    ariPassword: SECRET,
    amiUsers: { [USER]: SECRET },
    dialplanDir: new URL('../../dialplan/', import.meta.url).pathname,
    recordingsDir,
    phones: ['1001', '1002'],
    phoneBehaviour: { registered: true, mode: 'answer', answerAfterS: 0.1 },
  });
  const clock: Clock = { now: () => Date.now() };
  const store = await openStore({ databaseUrl: 'sqlite::memory:', clock, logger });
  await migrateToLatest(store.knex);
  const line = await store.businessLines.create({
    name: 'Line',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
  const agents: Record<string, string> = {};
  for (const ext of ['1001', '1002']) {
    const agent = await store.agents.create({
      businessLineId: line.id,
      name: `Agent ${ext}`,
      extension: ext,
      reach: 'sip',
      endpoint: `PJSIP/${ext}`,
      skills: [],
    });
    agents[ext] = agent.id;
  }
  const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
  await writer.start();
  const capture = createPbxCapture({
    sink: writer,
    parties: storeChannelParties({ store, clock, trunks: ['trunk'] }),
    appName: 'callwright',
    logger,
  });
  const registry = new Registry();
  const ami = createAmiClient({
    host: '127.0.0.1',
    port: sim.amiPort,
    username: USER,
    secret: SECRET,
    logger,
    registry,
  });
  const ended = new Set<string>();
  const waiters = new Map<string, () => void>();
  ami.onEvent((event: AmiEvent) => {
    const translated = translateRecordEvent(event);
    if (translated) capture.handle(translated);
    if (event.event === 'CEL' && event.eventName === 'LINKEDID_END') {
      ended.add(event.linkedid);
      waiters.get(event.linkedid)?.();
    }
  });
  await ami.whenConnected();
  const ari = createAriClient({
    url: sim.ariUrl,
    user: USER,
    password: SECRET,
    app: 'callwright',
    logger,
    registry,
  });
  await ari.connect();
  return {
    sim,
    store,
    ami,
    ari,
    writer,
    capture,
    agents,
    lineId: line.id,
    callEnded(linkedId) {
      if (ended.has(linkedId)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no LINKEDID_END for ${linkedId} within ${WAIT_LIMIT_MS} ms`)),
          WAIT_LIMIT_MS,
        );
        waiters.set(linkedId, () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async close() {
      await ari.close();
      await ami.close();
      await writer.close();
      await sim.close();
      await store.close();
      rmSync(recordingsDir, { recursive: true, force: true });
    },
  };
}

let world: World;
test.before(async () => {
  world = await startWorld();
});
test.after.always(async () => {
  await world?.close();
});

async function settle(w: World): Promise<void> {
  await w.capture.settled();
  await w.writer.idle();
}

test.serial(
  'an agent-to-agent call gives exactly one record with both phones as legs',
  async (t) => {
    const w = world;
    w.sim.control.setPhone('1002', { hangupAfterS: 0.3 });
    // Agent 1001 dials 1002: the phone is rung first (click-to-call style), then the
    // shipped `agents` context runs Dial(PJSIP/1002,30). Nothing enters Stasis.
    const response = await w.ami.originate({
      Channel: 'PJSIP/1001',
      Context: 'agents',
      Exten: '1002',
      Priority: 1,
      CallerID: '"Agent 1001" <1001>',
      Async: 'true',
    });
    t.is(response.response, 'Success');
    const linkedId = response.uniqueid;
    await w.callEnded(linkedId);
    await settle(w);

    const rows = await w.store.knex('calls').where('source', 'pbx');
    t.is(rows.length, 1, 'one record for the call, however many CDRs and CEL events');
    const call = await w.store.calls.getByLinkedId(linkedId);
    t.like(call, {
      linkedId,
      source: 'pbx',
      direction: 'internal',
      ani: '1001',
      dnis: '1002',
      agentId: w.agents['1002'],
      businessLineId: w.lineId,
      queueId: null,
      hangupCause: 16,
    });
    t.true(call!.answeredAt! >= call!.startedAt);
    t.true(call!.endedAt! >= call!.answeredAt!);
    const legs = await w.store.calls.legsOf([call!.id]);
    t.deepEqual(
      legs.map((l) => [l.channelName.replace(/-\w+$/, ''), l.role, l.agentId]),
      [
        ['PJSIP/1001', 'caller', w.agents['1001']],
        ['PJSIP/1002', 'agent', w.agents['1002']],
      ],
    );
    t.is(legs[0]?.channelId, linkedId);
    t.true(legs.every((l) => l.endedAt !== null && l.answeredAt !== null));
  },
);

test.serial(
  'a call that ran our Stasis application is recorded only by the application',
  async (t) => {
    const w = world;
    const before = await w.store.knex('calls').where('source', 'pbx').count({ n: '*' });
    const entered = new Promise<string>((resolve) => {
      const off = w.ari.onEvent((event) => {
        if (event.type !== 'StasisStart') return;
        off();
        resolve(event.channel.id);
      });
    });
    const { channelId } = w.sim.control.placeCall({ from: '+33612345678', to: '5001' });
    t.is(await entered, channelId);
    // The application answers, writes its record and hangs up, as the ACD does.
    await w.ari.channels.answer(channelId);
    const app = pictureOf({ linkedId: channelId, ani: '+33612345678', dnis: '5001' });
    await w.writer.put({ record: { ...app.record, source: 'app' }, legs: app.legs });
    await w.ari.channels.hangup(channelId);
    await w.callEnded(channelId);
    await settle(w);

    const rows = await w.store.knex('calls').where('linked_id', channelId);
    t.is(rows.length, 1);
    t.is(rows[0]?.source, 'app');
    const after = await w.store.knex('calls').where('source', 'pbx').count({ n: '*' });
    t.deepEqual(after, before, 'no PBX record was added');
  },
);
