// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
/**
 * The IVR runtime over a real SQLite store with a scripted channel: how
 * terminal nodes become hand-offs (queue by name, agent phone, external
 * number, goto another flow), what happens when a target is gone (the
 * fallback routing, reported), and voicemail saved into its mailbox.
 */
import test from 'ava';
import pino from 'pino';
import type { Actor } from '../../src/app/actor.ts';
import { createIvrRuntime, type IvrEvent } from '../../src/app/ivr/ivr-runtime.ts';
import type { ChannelAction, HandOff, IvrChannel } from '../../src/app/ivr/ports.ts';
import { noIvrMetrics } from '../../src/app/ivr/ports.ts';
import { createServices } from '../../src/app/services.ts';
import type { Input } from '../../src/domain/ivr/flow.step.ts';
import { createIvrStore } from '../../src/store/ivr/ivr-store.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createSecretHasher } from '../../src/store/secrets.ts';
import { openStore } from '../../src/store/store.ts';

const logger = pino({ level: 'silent' });
const clock = { now: () => Date.UTC(2026, 0, 6, 10) };

/** A channel that answers from a script and records what it was asked. */
class ScriptedChannel implements IvrChannel {
  goneReason: string | null = null;
  readonly actions: ChannelAction[] = [];
  readonly handOffs: HandOff[] = [];
  constructor(private readonly answers: Input[] = []) {}
  async answer() {}
  async perform(action: ChannelAction, recording?: string): Promise<Input> {
    this.actions.push(action);
    if (action.type === 'record-voicemail') {
      return { type: 'recorded', file: recording ?? '', durationS: 9, hungUp: false };
    }
    return this.answers.shift() ?? { type: 'done' };
  }
  async handOff(target: HandOff) {
    this.handOffs.push(target);
  }
}

async function setup() {
  const store = await openStore({ databaseUrl: 'sqlite::memory:', clock, logger });
  await migrateToLatest(store.knex);
  const ivr = createIvrStore(store.knex, clock);
  const services = createServices({
    store,
    hasher: createSecretHasher(),
    clock,
    logger,
    ivr: { store: ivr },
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
  const agent = await services.agents.create(admin, {
    businessLineId: line.id,
    name: 'Ann',
    extension: '2001',
    reach: 'sip',
  });
  await services.ivr.voicemail.createMailbox(admin, {
    businessLineId: line.id,
    key: 'box',
    name: 'Box',
  });
  const publish = async (document: Record<string, unknown>) => {
    const flow = await services.ivr.flows.create(admin, {
      businessLineId: line.id,
      name: String(document.id),
      document,
    });
    await services.ivr.flows.publish(admin, flow.id, '');
    return flow;
  };
  const ended: Array<Extract<IvrEvent, { type: 'session-ended' }>> = [];
  const runtime = createIvrRuntime({
    store,
    ivr,
    clock,
    logger,
    metrics: noIvrMetrics,
    http: { request: async () => ({ type: 'lookup-error', reason: 'UNREACHABLE' }) },
    dial: { externalDialString: (n) => `PJSIP/${n}@trunk`, dialTimeoutS: 25 },
    newId: () => 'fixed',
  });
  runtime.onEvent((e) => {
    if (e.type === 'session-ended') ended.push(e);
  });
  let n = 0;
  /** Runs a call on flow `key`; resolves with the channel and its session. */
  const run = async (key: string, answers: Input[] = []) => {
    n += 1;
    const channelId = `1736157600.${n}`;
    const channel = new ScriptedChannel(answers);
    await runtime.runCall(
      {
        channelId,
        channelName: `PJSIP/trunk-${n}`,
        target: key,
        callerNumber: '+33155555555',
        dialedNumber: '8100',
      },
      channel,
    );
    const end = ended.find((e) => e.channelId === channelId);
    if (!end) throw new Error('no session');
    return { channel, ...end };
  };
  return { store, ivr, services, admin, publish, run, queue, agent, lineId: line.id };
}

type Setup = Awaited<ReturnType<typeof setup>>;
let s: Setup;
test.before(async () => {
  s = await setup();
});
test.after.always(async () => {
  await s?.store.close();
});

const doc = (id: string, nodes: Record<string, unknown>, start = Object.keys(nodes)[0]) => ({
  schemaVersion: 1,
  id,
  name: id,
  start,
  nodes,
});

test('terminal nodes hand the call to a queue by name, an agent phone, an external number', async (t) => {
  await s.publish(
    doc('routes', {
      menu: {
        type: 'menu',
        prompt: 'menu',
        options: { '1': 'sales', '2': 'ann', '3': 'mobile' },
        onExhausted: 'sales',
      },
      sales: { type: 'queue', queueId: 'Sales', priority: 7, skills: ['fr'] },
      ann: { type: 'agent', extension: '2001' },
      mobile: { type: 'external', number: '+33612345678' },
    }),
  );
  const queued = await s.run('routes', [{ type: 'digits', digits: '1' }]);
  t.deepEqual(queued.channel.handOffs, [
    { kind: 'queue', queueId: s.queue.id, vip: false, priority: 7, skills: ['fr'], language: 'en' },
  ]);
  t.like(queued.session, { outcome: 'queue', outcomeDetail: s.queue.id });
  const dialled = await s.run('routes', [{ type: 'digits', digits: '2' }]);
  t.deepEqual(dialled.channel.handOffs, [{ kind: 'dial', dialString: 'PJSIP/2001', timeoutS: 25 }]);
  t.like(dialled.session, { outcome: 'agent' });
  const external = await s.run('routes', [{ type: 'digits', digits: '3' }]);
  t.deepEqual(external.channel.handOffs, [
    { kind: 'dial', dialString: 'PJSIP/+33612345678@trunk', timeoutS: 25 },
  ]);
});

test('goto continues in another flow of the line with the variables so far', async (t) => {
  await s.publish(
    doc('second', {
      hello: { type: 'say', kind: 'digits', value: '${code}', next: 'q' },
      q: { type: 'queue', queueId: 'Sales' },
    }),
  );
  await s.publish(
    doc('first', {
      set: { type: 'set', variable: 'code', expression: '42', next: 'jump' },
      jump: { type: 'goto', flowId: 'second' },
    }),
  );
  const { channel, session, path } = await s.run('first');
  t.like(channel.actions[0], { type: 'say', value: '42' });
  t.like(session, { outcome: 'queue', flowKey: 'first' });
  t.deepEqual(
    path.map((p) => `${p.flowKey}/${p.nodeId} ${p.event}`),
    [
      'first/set enter',
      'first/set set',
      'first/jump enter',
      'first/jump exit',
      'second/hello enter',
      'second/q enter',
      'second/q exit',
    ],
  );
});

test('a queue deleted after publishing sends the call to the fallback routing, reported', async (t) => {
  const temp = await s.services.queues.create(s.admin, { businessLineId: s.lineId, name: 'Temp' });
  await s.publish(doc('gone', { q: { type: 'queue', queueId: 'Temp' } }));
  await s.services.queues.delete(s.admin, temp.id);
  const { channel, session } = await s.run('gone');
  t.deepEqual(channel.handOffs, [{ kind: 'fallback' }]);
  t.like(session, { outcome: 'fallback', error: 'QUEUE_NOT_FOUND Temp' });
});

test('an unknown TTS engine takes the say node’s error branch; the session reports it', async (t) => {
  await s.publish({
    ...doc('speak', {
      say: { type: 'say', kind: 'tts', value: 'Hello', next: 'q', onError: 'sorry' },
      sorry: { type: 'play', prompt: 'sorry', next: 'q' },
      q: { type: 'queue', queueId: 'Sales' },
    }),
    ttsEngine: 'polly',
  });
  const { session, path } = await s.run('speak', [
    { type: 'failed', reason: 'TTS_ENGINE_UNKNOWN polly' },
  ]);
  t.like(session, { outcome: 'queue', error: 'say: TTS_ENGINE_UNKNOWN polly' });
  t.true(path.some((p) => p.nodeId === 'sorry' && p.event === 'enter'));
});

test('a voicemail is saved in the mailbox of the flow’s line with the recording and the path', async (t) => {
  await s.publish(
    doc('vm', {
      vm: { type: 'voicemail', mailboxId: 'box', next: 'bye' },
      bye: { type: 'hangup' },
    }),
  );
  const { session } = await s.run('vm');
  t.like(session, { outcome: 'hangup' });
  const [message] = await s.ivr.voicemails.list({}, { offset: 0, limit: 5 });
  t.like(message, {
    recording: 'cw-voicemail-fixed',
    durationS: 9,
    callerNumber: '+33155555555',
    flowKey: 'vm',
    flowVersion: 1,
    nodeId: 'vm',
    status: 'new',
    channelId: session.channelId,
  });
});
