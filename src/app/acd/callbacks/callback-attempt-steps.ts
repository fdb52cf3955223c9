/**
 * The bookkeeping every callback attempt step shares: its PBX chain (one
 * operation after the other, failures logged, never thrown), its timers,
 * its record, and the end of the attempt (owned legs released, bridge
 * destroyed, record written, observers told) and of the agent's part in it.
 */
import { stepAgentIn } from '../agent-flow.ts';
import { flushRecord, noteEnd } from '../call-records.ts';
import { type AcdCore, publish, track } from '../core.ts';
import type { ControlOutcome } from '../ports.ts';
import type { CallbackAttempt } from './callback-state.ts';

/** Timer key of the agent leg's ring timeout. */
export const ringKey = (callId: string): string => `acd:callback-ring:${callId}`;
/** Timer key of the customer leg's backstop. */
export const dialKey = (callId: string): string => `acd:callback-dial:${callId}`;

/** Runs one PBX step on the attempt's chain; failures are logged, never thrown. */
export function onChain(
  core: AcdCore,
  a: CallbackAttempt,
  what: string,
  op: () => Promise<unknown>,
) {
  a.pbx = a.pbx
    .then(async () => {
      await op();
    })
    .catch((error: unknown) => {
      core.log.error({ err: error, callId: a.callId }, `callback ${what} failed`);
    });
  track(core, `callback ${what}`, a.pbx);
}

/** Logs an operation that failed for another reason than its leg being gone. */
export function logFailure(
  core: AcdCore,
  a: CallbackAttempt,
  what: string,
  outcome: ControlOutcome,
) {
  if (!outcome.ok && outcome.reason === 'failed') {
    core.log.warn({ callId: a.callId, detail: outcome.detail }, `callback ${what} failed`);
  }
}

/** Hangs a leg up on the attempt's chain. */
export function hangup(core: AcdCore, a: CallbackAttempt, channelId: string, cause: number): void {
  onChain(core, a, 'hangup', async () =>
    logFailure(core, a, 'hangup', await core.deps.control.hangup(channelId, cause)),
  );
}

/** Hands the attempt's record to the record sink. */
export function flush(core: AcdCore, a: CallbackAttempt): void {
  track(core, 'writing a callback record', flushRecord(a.record, core.records, core.log));
}

/** Ends the attempt's bookkeeping: timers, owned legs, the bridge, the record. */
export function close(core: AcdCore, a: CallbackAttempt, cause: number, by: string): void {
  a.phase = 'over';
  const { timers, clock } = core.deps;
  timers.cancel(ringKey(a.callId));
  timers.cancel(dialKey(a.callId));
  core.callbacks.legs.delete(a.callId);
  core.callbacks.legs.delete(a.customerLegId);
  if (core.callbacks.attempts.get(a.taskId) === a) core.callbacks.attempts.delete(a.taskId);
  noteEnd(a.record, clock.now(), cause, by);
  const written = flushRecord(a.record, core.records, core.log);
  onChain(core, a, 'bridge release', async () => {
    await core.deps.control.destroyBridge(a.bridgeId);
  });
  const done = Promise.all([a.pbx, written]).then(() =>
    publish(core, { type: 'callback-call-closed', taskId: a.taskId, callId: a.callId }),
  );
  track(core, 'closing a callback call', done);
}

/** The agent is free again: wrap-up after a conversation, at once when nobody was reached. */
export function releaseAgent(core: AcdCore, a: CallbackAttempt, talked: boolean): void {
  if (!a.agentOnCall) return;
  a.agentOnCall = false;
  const wrapUpS = talked ? a.wrapUpS : 0;
  stepAgentIn(core, a.agentId, { type: 'call-ended', callId: a.callId, wrapUpS });
}
