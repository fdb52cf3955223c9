/**
 * Carries out the call machine's commands: timers and dispatch checks at
 * once, PBX operations on the call's chain (in order, off the decision
 * path), record entries on the record's chain. A PBX answer of "gone" is
 * a normal outcome: the hangup event that follows does the rest.
 */
import {
  announceTimerKey,
  type CallCommand,
  type CallEvent,
  maxWaitTimerKey,
  ringTimerKey,
} from '../../domain/acd/call.events.ts';
import { positionOf } from '../../domain/acd/snapshot.calls.ts';
import { stepAgentIn } from './agent-flow.ts';
import { announce, expectedWaitOf } from './announcements.ts';
import { stepCallIn } from './call-flow.ts';
import { flushRecord, noteEnd, noteLegEnded, noteRecord } from './call-records.ts';
import { bookFromCall } from './callbacks/callback-calls.ts';
import { causeForCancel, NORMAL_CLEARING } from './causes.ts';
import { type AcdCore, type LiveCall, run } from './core.ts';
import { dispatchCall } from './dispatch.ts';
import { bridgeExternal, dialExternal, hangupExternal } from './forward.ts';
import { requestCallbackFromOverflow } from './overflow-callback.ts';
import { overflowMove } from './overflow-moves.ts';
import { connectCall, holdCaller, originateOffer, pbxStep } from './pbx-steps.ts';

type Handler<K extends CallCommand['type']> = (
  core: AcdCore,
  live: LiveCall,
  command: Extract<CallCommand, { type: K }>,
) => void;

/** One handler per command type; a command type without one does not compile. */
const HANDLERS: { readonly [K in CallCommand['type']]: Handler<K> } = {
  'start-timer': (core, live, c) => startCallTimer(core, live, c.key, c.at),
  'cancel-timer': (core, _live, c) => core.deps.timers.cancel(c.key),
  'schedule-dispatch': (core, live, c) => scheduleDispatch(core, live, c.at),
  'originate-offer': (core, live, c) => originateOffer(core, live, c.agentId),
  'cancel-offers': (core, live, c) => cancelOffers(core, live, c.agentIds, c.cause),
  'reject-answer': (core, live, c) => rejectAnswer(core, live, c.agentId),
  bridge: (core, live, c) => connectCall(core, live, c.agentId),
  'start-moh': (core, live) => holdCaller(core, live),
  'stop-moh': (core, live) => stopHold(core, live),
  'hangup-caller': (core, live, c) => hangupCaller(core, live, c.cause, c.prompt),
  'hangup-agent': (core, live) => hangupLeg(core, live, live.agentChannelId, NORMAL_CLEARING),
  'write-record': (core, live, c) => {
    noteRecord(live.record, c.record, live.callerCause);
    void flushRecord(live.record, core.records, core.log);
  },
  'announce-position': (core, live, c) => announce(core, live, c),
  overflow: (core, live, c) => overflowMove(core, live, c),
  'dial-external': (core, live, c) => dialExternal(core, live, c.number, c.ani, c.ringTimeoutS),
  'bridge-external': (core, live) => bridgeExternal(core, live),
  'hangup-external': (core, live, c) => hangupExternal(core, live, c.cause),
  'create-callback': (core, live, c) => {
    if (c.reason === 'overflow') requestCallbackFromOverflow(core, c);
    bookFromCall(core, live, c);
  },
};

/** Runs one command of a call. */
export function runCallCommand(core: AcdCore, live: LiveCall, command: CallCommand): void {
  const handler = HANDLERS[command.type] as Handler<CallCommand['type']>;
  handler(core, live, command);
}

/** The event a call timer stands for. */
function timerEvent(core: AcdCore, callId: string, key: string): CallEvent | null {
  if (key === ringTimerKey(callId)) return { type: 'ring-timeout' };
  if (key === maxWaitTimerKey(callId)) return { type: 'max-wait-reached' };
  if (key === announceTimerKey(callId)) {
    const position = positionOf(core.snapshot, callId) ?? 1;
    return { type: 'announce-due', position, expectedWaitS: expectedWaitOf(core, callId) };
  }
  return null;
}

function startCallTimer(core: AcdCore, live: LiveCall, key: string, at: number): void {
  const { callId } = live.call;
  live.timerKeys.add(key);
  core.deps.timers.set(key, at, () =>
    run(core, () => {
      const event = timerEvent(core, callId, key);
      if (event !== null) stepCallIn(core, callId, event);
    }),
  );
}

function scheduleDispatch(core: AcdCore, live: LiveCall, at: number): void {
  const { callId } = live.call;
  if (at <= core.deps.clock.now()) {
    dispatchCall(core, callId);
    return;
  }
  const key = `acd:dispatch:${callId}:${at}`;
  live.timerKeys.add(key);
  core.deps.timers.set(key, at, () => run(core, () => dispatchCall(core, callId)));
}

/** Stops ringing agents the call no longer wants and frees each of them. */
function cancelOffers(
  core: AcdCore,
  live: LiveCall,
  agentIds: readonly string[],
  cause: Parameters<typeof causeForCancel>[0],
): void {
  const { callId, queue } = live.call;
  for (const agentId of agentIds) {
    const channelId = live.offers.get(agentId);
    if (channelId !== undefined) {
      // Forget the leg first: its own failure event, arriving later, is then ignored.
      live.offers.delete(agentId);
      core.legs.delete(channelId);
      hangupLeg(core, live, channelId, causeForCancel(cause));
      // The record says why this phone stopped ringing (26: another agent answered).
      noteLegEnded(live.record, channelId, core.deps.clock.now(), causeForCancel(cause));
    }
    const autoPauseAfter = queue.settings.autoPauseAfterMisses;
    stepAgentIn(core, agentId, { type: 'offer-failed', callId, cause, autoPauseAfter });
  }
}

/** A second answer (ring-all race, or an offer that ended meanwhile): that leg is hung up. */
function rejectAnswer(core: AcdCore, live: LiveCall, agentId: string): void {
  const channelId = live.lastAnswer?.agentId === agentId ? live.lastAnswer.channelId : null;
  hangupLeg(core, live, channelId, causeForCancel('answered-elsewhere'));
}

function stopHold(core: AcdCore, live: LiveCall): void {
  const { holdId } = live;
  if (holdId === null || live.callerGone) return;
  pbxStep(core, live, 'stop hold', () => core.deps.control.stopHold(holdId));
}

function hangupCaller(
  core: AcdCore,
  live: LiveCall,
  cause: number,
  prompt: string | null = null,
): void {
  const phase = live.call.phase.name;
  // The ACD itself ends the call (overflow to a hangup, callback booked): nobody else will.
  if (phase === 'overflowed' || phase === 'callback-requested') {
    noteEnd(live.record, core.deps.clock.now(), cause, 'system');
    void flushRecord(live.record, core.records, core.log);
  }
  if (live.callerGone) return;
  if (prompt !== null) {
    // A last word first ("we will call you back"): the hangup waits for it on the call's chain.
    // A caller refused on entry was never answered; answering one already up changes nothing.
    const { callId } = live.call;
    const media = [`sound:${prompt}`];
    const { control } = core.deps;
    pbxStep(core, live, 'closing prompt', async () => {
      const answered = await control.answer(callId);
      return answered.ok ? control.playToEnd(callId, `${callId}-closing`, media) : answered;
    });
  }
  hangupLeg(core, live, live.call.callId, cause);
}

function hangupLeg(core: AcdCore, live: LiveCall, channelId: string | null, cause: number): void {
  if (channelId === null) return;
  pbxStep(core, live, 'hangup', () => core.deps.control.hangup(channelId, cause));
}
