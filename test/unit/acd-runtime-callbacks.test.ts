/**
 * Callbacks inside the ACD runtime over fake call control and fake time
 * (ACD-9): the legs it rings and in which order, retries at the right times,
 * an agent who misses or leaves, and open tasks taken up again after a
 * restart. The simulator tests (test/integration/acd-callbacks.test.ts) run
 * the same paths over real ARI.
 */
import test from 'ava';
import type { LegRequest } from '../../src/app/acd/ports.ts';
import { callbackSettingsSchema } from '../../src/domain/acd/callback.settings.ts';
import type { CallbackTask } from '../../src/domain/acd/callback.ts';
import { fakeAcdRuntime } from '../helpers/acd.ts';
import { loginAll, type World, world } from './acd-runtime-world.ts';

const worlds: World[] = [];
async function make(o: Parameters<typeof world>[0] = {}): Promise<World> {
  const w = await world({ wrapUpS: 0, ...o });
  worlds.push(w);
  return w;
}
test.after.always(async () => {
  for (const w of worlds) await w.close();
});

const NUMBER = '+33612345670';

function configure(w: World, over: Record<string, unknown>): void {
  w.runtime.callbackSettingsChanged(w.queueId, callbackSettingsSchema.parse(over));
}

async function book(w: World, dueAt: number | null = null): Promise<CallbackTask> {
  const r = await w.runtime.requestCallback({
    queueId: w.queueId,
    number: NUMBER,
    reason: 'requested',
    dueAt,
  });
  if (!r.ok) throw new Error(r.error.code);
  return r.task;
}

/** The n-th leg (1-based) the runtime asked the PBX to ring. */
async function leg(w: World, n: number): Promise<LegRequest> {
  let seen = 0;
  const r = await w.control.waitFor((x) => x.op === 'originateLeg' && ++seen === n);
  if (r.op !== 'originateLeg') throw new Error('not a leg');
  return r.leg;
}

const legCount = (w: World) => w.control.of('originateLeg').length;

/** The task as the runtime last published it. */
function latest(w: World, taskId: string): CallbackTask | undefined {
  let found: CallbackTask | undefined;
  for (const e of w.events)
    if (e.type === 'callback-changed' && e.task.id === taskId) found = e.task;
  return found;
}

test('the agent is rung first, then the customer through the trunk from the agent leg', async (t) => {
  const w = await make({ agents: 1 });
  const [agent] = w.agents as [string];
  await loginAll(w, [agent]);
  const task = await book(w);
  const agentLeg = await leg(w, 1);
  t.like(agentLeg, {
    target: { kind: 'phone', endpoint: 'PJSIP/1001' },
    callerName: 'Callback',
    callerNumber: NUMBER,
    originatorChannelId: null,
  });
  t.is(w.status(agent), 'reserved');
  t.is(legCount(w), 1, 'the customer is not dialled before the agent answers');
  w.send({ type: 'offer-ringing', channelId: agentLeg.channelId });
  t.is(w.status(agent), 'ringing');
  w.send({ type: 'leg-answered', channelId: agentLeg.channelId });
  t.is(w.status(agent), 'on-call');
  const customer = await leg(w, 2);
  t.like(customer, {
    target: { kind: 'external', number: NUMBER },
    originatorChannelId: agentLeg.channelId,
    timeoutS: 30,
  });
  w.send({ type: 'leg-answered', channelId: customer.channelId });
  await w.control.waitFor((r) => r.op === 'record');
  t.deepEqual(
    w.control.of('connect').map((c) => c.channelIds),
    [[agentLeg.channelId], [customer.channelId]],
  );
  t.is(latest(w, task.id)?.status, 'connected');
});

test('busy is retried after the retry delay, not before; the last busy attempt fails the task', async (t) => {
  const w = await make({ agents: 1 });
  const [agent] = w.agents as [string];
  configure(w, { maxAttempts: 2, retryDelayS: 60 });
  await loginAll(w, [agent]);
  const task = await book(w);
  const first = await leg(w, 1);
  w.send({ type: 'leg-answered', channelId: first.channelId });
  const customer = await leg(w, 2);
  w.send({ type: 'offer-failed', channelId: customer.channelId, cause: 17 });
  t.is(w.status(agent), 'available', 'nobody reached: no wrap-up');
  t.like(latest(w, task.id), { status: 'pending', attempts: 1, lastCause: 'busy' });
  const hungUp = await w.control.waitFor((r) => r.op === 'hangup');
  t.like(hungUp, { channelId: first.channelId, cause: 16 }, 'the agent is let go');
  w.time.advance(59_000);
  t.is(legCount(w), 2, 'not before the delay');
  w.time.advance(1000);
  const second = await leg(w, 3);
  t.is(second.target.kind, 'phone');
  w.send({ type: 'leg-answered', channelId: second.channelId });
  const again = await leg(w, 4);
  w.send({ type: 'offer-failed', channelId: again.channelId, cause: 17 });
  t.like(latest(w, task.id), { status: 'failed', attempts: 2, lastCause: 'busy' });
  w.time.advance(3_600_000);
  t.is(legCount(w), 4, 'a failed task is never dialled again');
});

test('an agent who lets it ring gives the attempt back and is offered it again only after the re-offer time', async (t) => {
  const w = await make({ agents: 1, ringTimeoutS: 10 });
  const [agent] = w.agents as [string];
  await loginAll(w, [agent]);
  const task = await book(w);
  const first = await leg(w, 1);
  w.time.advance(10_000);
  t.is(w.status(agent), 'available');
  t.like(w.runtime.agentView(agent), { reason: 'timeout' });
  t.like(latest(w, task.id), { status: 'pending', attempts: 0, lastCause: 'agent-missed' });
  const stopped = await w.control.waitFor((r) => r.op === 'hangup');
  t.like(stopped, { channelId: first.channelId, cause: 19 }, 'its phone stops ringing');
  w.time.advance(29_000);
  t.is(legCount(w), 1, 'the same agent is skipped for a while');
  w.time.advance(1000);
  const second = await leg(w, 2);
  t.is(second.target.kind, 'phone');
});

test('an agent logging out while rung for a callback gives it back at once', async (t) => {
  const w = await make({ agents: 2 });
  const [a1, a2] = w.agents as [string, string];
  await loginAll(w, [a1, a2]);
  const task = await book(w);
  const first = await leg(w, 1);
  const rung = w.runtime.agentView(a1).callId === first.channelId ? a1 : a2;
  const other = rung === a1 ? a2 : a1;
  const out = await w.runtime.agentAction(rung, { type: 'logout' });
  t.true(out.ok);
  const second = await leg(w, 2);
  t.is(w.runtime.agentView(other).callId, second.channelId);
  const hungUp = await w.control.waitFor((r) => r.op === 'hangup');
  t.like(hungUp, { channelId: first.channelId });
  t.like(latest(w, task.id), { status: 'dialling', attempts: 1, agentId: other });
});

test('a callback asked for later waits for its time even with a free agent', async (t) => {
  const w = await make({ agents: 1 });
  await loginAll(w, w.agents);
  await book(w, w.time.now() + 120_000);
  w.time.advance(119_000);
  t.is(legCount(w), 0);
  w.time.advance(1000);
  t.is((await leg(w, 1)).target.kind, 'phone');
});

test('open tasks are taken up after a restart; an attempt cut by it counts as tried', async (t) => {
  const w = await make({ agents: 1 });
  const later = await book(w, w.time.now() + 600_000);
  const cut: CallbackTask = {
    ...later,
    id: crypto.randomUUID(),
    number: '+33612345679',
    status: 'dialling',
    dueAt: null,
    attempts: 1,
    agentId: w.agents[0]!,
    callbackCallId: 'cb-lost',
  };
  await w.store.callbacks.save(cut);
  await w.runtime.stop();

  const restarted = fakeAcdRuntime(w.store, { time: w.time });
  await restarted.runtime.start();
  const again = await restarted.runtime.requestCallback({
    queueId: w.queueId,
    number: later.number,
    reason: 'keypress',
  });
  t.true(again.ok && !again.created && again.task.id === later.id, 'the same task, known again');
  // Stopping waits for the store writes under way.
  await restarted.runtime.stop();
  t.like(await w.store.callbacks.get(cut.id), {
    status: 'pending',
    attempts: 1,
    lastCause: 'interrupted',
  });
  t.is((await w.store.callbacks.get(later.id))?.status, 'pending');
});

test('a customer who gets through to the queue on their own is not called back', async (t) => {
  const w = await make({ agents: 1 });
  const [agent] = w.agents as [string];
  const task = await book(w, w.time.now() + 600_000);
  await loginAll(w, [agent]);
  w.call('c1', NUMBER);
  const offer = w.control.of('originate')[0];
  t.truthy(offer, 'the caller is offered to the agent');
  w.send({
    type: 'offer-answered',
    channelId: offer!.offer.channelId,
    callId: 'c1',
    agentId: agent,
  });
  await w.waitFor((e) => e.type === 'callback-changed' && e.task.status === 'cancelled');
  t.like(latest(w, task.id), { status: 'cancelled', attempts: 0 });
  w.time.advance(600_000);
  t.is(legCount(w), 0, 'never dialled');
});

test('a task nobody could take expires at its time', async (t) => {
  const w = await make({ agents: 1 });
  configure(w, { expiresAfterS: 600 });
  const task = await book(w);
  w.time.advance(599_000);
  t.is(latest(w, task.id)?.status, 'pending');
  w.time.advance(1000);
  t.is(latest(w, task.id)?.status, 'expired');
  await loginAll(w, w.agents);
  t.is(legCount(w), 0, 'an expired task is never dialled');
});
