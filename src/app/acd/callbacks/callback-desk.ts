/**
 * Callback tasks inside the ACD runtime (ACD-9): booking (from a call that
 * abandoned, pressed the key or overflowed, or from the API), stepping the
 * task reducer, carrying out its commands, writing every change through to
 * the store in order, and handing a due task to a free agent.
 *
 * When a task meets an agent: callbacks sit in the dispatcher's lowest
 * class, so a caller on hold is always served first, in every queue the
 * agent works (a caller on hold pays for the wait, a callback costs the
 * customer nothing); among callbacks the oldest request goes first. A task
 * is tried when it becomes due (an agent may be free already) and whenever
 * an agent becomes free and no live caller took it.
 */

import type { AcdError } from '../../../domain/acd/acd.types.ts';
import { activeTried } from '../../../domain/acd/call.state.ts';
import { type CallbackRequest, requestCallback } from '../../../domain/acd/callback.request.ts';
import type { CallbackEvent, CallbackStep, CallbackTask } from '../../../domain/acd/callback.ts';
import {
  type CallbackCommand,
  callbackAsWaiting,
  callbackDueKey,
  callbackExpiryKey,
  callbackKey,
  isOpen,
  putTask,
  stepCallback,
} from '../../../domain/acd/callback.ts';
import {
  type Assignment,
  dispatchForAgent,
  dispatchForCall,
} from '../../../domain/acd/dispatcher.ts';
import { putWaiting, removeWaiting } from '../../../domain/acd/snapshot.calls.ts';
import { stepAgentIn } from '../agent-flow.ts';
import { type AcdCore, publish, run, track } from '../core.ts';
import { startAttempt } from './callback-attempt.ts';
import { callbackSettingsOf } from './callback-settings.ts';

/** A request as the runtime takes it (the id is chosen here). */
export type DeskRequest = Omit<CallbackRequest, 'id' | 'businessLineId'>;

/** What a request or a cancellation came to; `written` resolves once the store has it. */
export type DeskResult =
  | {
      readonly ok: true;
      readonly task: CallbackTask;
      readonly created: boolean;
      readonly written: Promise<void>;
    }
  | { readonly ok: false; readonly error: AcdError };

const newId = (): string => globalThis.crypto.randomUUID();

/** Writes the task after the writes already queued for it; resolves when this one is done. */
function persist(core: AcdCore, task: CallbackTask): Promise<void> {
  const { writes } = core.callbacks;
  const before = writes.get(task.id) ?? Promise.resolve();
  const written = before.then(async () => {
    try {
      await core.deps.store.callbacks.save(task);
    } catch (error) {
      core.log.error({ err: error, taskId: task.id }, 'writing the callback task failed');
    }
  });
  writes.set(task.id, written);
  track(core, 'writing a callback task', written);
  void written.then(() => {
    if (writes.get(task.id) === written && !isOpen(task)) writes.delete(task.id);
  });
  return written;
}

/** Makes `task` the runtime's version of it: book, index, dispatcher snapshot. */
function install(core: AcdCore, task: CallbackTask): void {
  const cb = core.callbacks;
  cb.book = putTask(cb.book, task);
  if (isOpen(task)) cb.tasks.set(task.id, task);
  else {
    cb.tasks.delete(task.id);
    cb.tried.delete(task.id);
  }
  if (task.status !== 'pending') removeWaiting(core.snapshot, task.id);
}

/** Carries out one task's commands; returns the write of its last `publish` (if any). */
function runCommands(core: AcdCore, task: CallbackTask, commands: readonly CallbackCommand[]) {
  const { timers, clock } = core.deps;
  let written: Promise<void> = Promise.resolve();
  for (const c of commands) {
    switch (c.type) {
      case 'start-timer':
        // The reducer's only timer is the task's expiry.
        timers.set(c.key, c.at, () =>
          run(core, () => void stepTaskIn(core, task.id, { type: 'expire' })),
        );
        break;
      case 'cancel-timer':
        timers.cancel(c.key);
        break;
      case 'schedule-callback': {
        const tried = activeTried(core.callbacks.tried.get(task.id) ?? [], clock.now());
        putWaiting(core.snapshot, callbackAsWaiting(task, tried));
        // The expiry timer may have fired (and been ignored) while an attempt ran: arm it again.
        timers.set(callbackExpiryKey(task.id), task.expiresAt, () =>
          run(core, () => void stepTaskIn(core, task.id, { type: 'expire' })),
        );
        // An agent who just missed it may take it again once its skip time is over.
        for (const { until } of tried) {
          timers.set(`acd:callback-reoffer:${task.id}`, until, () =>
            run(core, () => dispatchTask(core, task.id)),
          );
        }
        const due = () => run(core, () => dispatchTask(core, c.taskId));
        if (c.at <= clock.now()) due();
        else timers.set(callbackDueKey(c.taskId), c.at, due);
        break;
      }
      case 'dial-callback':
        run(core, () =>
          startAttempt(core, task, c.agentId, c.callId, (event) => {
            stepTaskIn(core, task.id, event);
          }),
        );
        break;
      case 'publish':
        written = persist(core, c.task);
        publish(core, { type: 'callback-changed', task: c.task });
        break;
      default:
        assertNever(c);
    }
  }
  return written;
}

function assertNever(command: never): never {
  throw new Error(`unknown callback command ${JSON.stringify(command)}`);
}

/** An agent who missed a task is not offered it again for the queue's re-offer time. */
function noteMissed(core: AcdCore, task: CallbackTask): void {
  if (task.agentId === null) return;
  const queue = core.snapshot.queues.get(task.queueId)?.queue;
  const now = core.deps.clock.now();
  const until = now + (queue?.settings.reofferAfterS ?? 0) * 1000;
  const tried = activeTried(core.callbacks.tried.get(task.id) ?? [], now).filter(
    (t) => t.agentId !== task.agentId,
  );
  core.callbacks.tried.set(task.id, [...tried, { agentId: task.agentId, until }]);
}

/** Steps one open task; null when the runtime holds no open task of that id. */
export function stepTaskIn(
  core: AcdCore,
  taskId: string,
  event: CallbackEvent,
): (CallbackStep & { written?: Promise<void> }) | null {
  const task = core.callbacks.tasks.get(taskId);
  if (task === undefined) return null;
  const step = stepCallback(task, event, core.deps.clock.now());
  if (!step.ok) {
    core.log.debug({ taskId, event: event.type, code: step.error.code }, 'callback event refused');
    return step;
  }
  if (event.type === 'failed' && event.cause === 'agent-missed') noteMissed(core, task);
  const { state } = step;
  if (state.status !== task.status) {
    core.log.info({ taskId }, `callback ${task.status} -[${event.type}]-> ${state.status}`);
  }
  install(core, state);
  return { ...step, written: runCommands(core, state, step.commands) };
}

/** Books a callback (or refreshes the open one for that number); inside a runtime task. */
export function requestIn(core: AcdCore, req: DeskRequest): DeskResult {
  const queue = core.snapshot.queues.get(req.queueId)?.queue;
  const settings = callbackSettingsOf(core, req.queueId);
  if (queue === undefined || settings === undefined) {
    const error = {
      code: 'QUEUE_NOT_FOUND',
      message: `queue ${req.queueId} not found`,
      details: {},
    };
    return { ok: false, error };
  }
  const cb = core.callbacks;
  const full = { ...req, id: newId(), businessLineId: queue.businessLineId };
  const r = requestCallback(cb.book, full, settings, core.deps.clock.now());
  if (!r.ok) return r;
  if (r.created) core.log.info({ taskId: r.task.id, reason: req.reason }, 'callback booked');
  install(core, r.task);
  const written = runCommands(core, r.task, r.commands);
  const settled = r.commands.length > 0 ? written : (cb.writes.get(r.task.id) ?? written);
  return { ok: true, task: r.task, created: r.created, written: settled };
}

/** Cancels a pending task; inside a runtime task. */
export function cancelIn(core: AcdCore, taskId: string): DeskResult {
  const step = stepTaskIn(core, taskId, { type: 'cancel' });
  if (step === null) {
    const error = {
      code: 'CALLBACK_CLOSED',
      message: `callback ${taskId} is not open`,
      details: {},
    };
    return { ok: false, error };
  }
  if (!step.ok) return { ok: false, error: step.error };
  return { ok: true, task: step.state, created: false, written: step.written ?? Promise.resolve() };
}

/** A due task looks for a free agent of its queue. */
function dispatchTask(core: AcdCore, taskId: string): void {
  const task = core.callbacks.tasks.get(taskId);
  const now = core.deps.clock.now();
  if (task?.status !== 'pending' || task.nextAttemptAt > now) return;
  const a = dispatchForCall(core.snapshot, taskId, now, core.deps.rng);
  if (a !== null) assign(core, a);
}

/** An agent became free and no live caller took it: the best callback it may take. */
function agentFreed(core: AcdCore, agentId: string): void {
  if (core.agents.get(agentId)?.state.activity.status !== 'available') return;
  const a = dispatchForAgent(core.snapshot, agentId, core.deps.clock.now());
  if (a?.kind === 'callback') assign(core, a);
}

/** Every due task looks for an agent (after a reconnect). */
export function dispatchCallbacks(core: AcdCore): void {
  for (const taskId of [...core.callbacks.tasks.keys()]) dispatchTask(core, taskId);
}

/** Reserves the picked agent, then starts dialling the task. */
function assign(core: AcdCore, a: Assignment): void {
  const task = core.callbacks.tasks.get(a.callId);
  const agentId = a.agentIds[0];
  const q = core.snapshot.queues.get(a.queueId);
  if (task?.status !== 'pending' || agentId === undefined || q === undefined) return;
  const callId = `cb-${newId()}`;
  const offerDeadline = core.deps.clock.now() + q.queue.ringTimeoutS * 1000;
  const reserved = stepAgentIn(core, agentId, { type: 'reserve', callId, offerDeadline });
  if (reserved?.ok !== true) return;
  q.memory = a.memory;
  stepTaskIn(core, task.id, { type: 'dial', agentId, callId });
}

/** The customer got through to this queue on their own: the pending task has nothing left to do. */
function servedInbound(core: AcdCore, callId: string): void {
  const live = core.calls.get(callId);
  if (live === undefined) return;
  for (const task of core.callbacks.tasks.values()) {
    if (task.queueId === live.call.queue.id && task.number === live.call.ani) {
      if (task.status === 'pending') stepTaskIn(core, task.id, { type: 'cancel' });
      return;
    }
  }
}

/**
 * Watches the runtime's own events: a free agent may take a callback, an
 * agent who left while being rung for one (logout, lost phone) gives the
 * attempt back, and a caller who got through needs no callback.
 */
export function watchRuntime(core: AcdCore, withdraw: (callId: string) => void): void {
  core.listeners.add((e) => {
    if (e.type === 'call-bridged') run(core, () => servedInbound(core, e.callId));
    if (e.type !== 'agent-state-changed') return;
    const offered = e.from === 'reserved' || e.from === 'ringing';
    if (offered && e.to !== 'ringing' && e.to !== 'on-call' && e.callId !== null) {
      const callId = e.callId;
      if (core.callbacks.legs.has(callId)) run(core, () => withdraw(callId));
    }
    if (e.to === 'available') run(core, () => agentFreed(core, e.agentId));
  });
}

/** Takes up the open tasks found in the store at start; an attempt cut by a restart counts as tried. */
export function resumeTasks(core: AcdCore, tasks: readonly CallbackTask[]): void {
  const cb = core.callbacks;
  for (const task of tasks) {
    if (cb.tasks.has(task.id) || cb.book.has(callbackKey(task.queueId, task.number))) continue;
    install(core, task);
    const expiry: CallbackCommand = {
      type: 'start-timer',
      key: callbackExpiryKey(task.id),
      at: task.expiresAt,
    };
    runCommands(core, task, [expiry]);
    if (task.status === 'dialling') {
      stepTaskIn(core, task.id, { type: 'failed', cause: 'interrupted' });
    } else {
      const at = task.nextAttemptAt;
      runCommands(core, task, [{ type: 'schedule-callback', taskId: task.id, at }]);
    }
  }
}
