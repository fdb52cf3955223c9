/**
 * The agent's hold button (AGT-2's everyday cousin): the other party (the
 * caller of a queue call, the called number of a click-to-dial call)
 * hears music on hold on its own channel and stays in the call's bridge,
 * so resuming is only stopping the music; nobody is moved and the call
 * keeps its agent, recording and supervisors. While the caller is held,
 * transfers and conferences are refused: they move the caller into the
 * call's holding bridge themselves, and two musics would then overlap.
 */
import { connectedCall, done, type InCallResult, isRefusal, refuse } from './call-parties.ts';
import type { AcdCore } from './core.ts';
import { controlStep, emit, sideOf } from './in-call-legs.ts';

/** A call whose other party can be held: its channel, its agent, and where the flag lives. */
interface Holdable {
  readonly callId: string;
  readonly agentId: string;
  /** The channel that hears the music. */
  readonly channelId: string;
  readonly flag: { held: boolean };
}

function holdable(core: AcdCore, callId: string): Holdable | InCallResult {
  const out = core.inCall.outbound.get(callId);
  if (out !== undefined && !out.ended) {
    if (!out.connected) {
      return refuse('CALL_NOT_CONNECTED', `call ${callId} is not connected yet`, { callId });
    }
    return { callId, agentId: out.agentId, channelId: out.externalId, flag: out };
  }
  const c = connectedCall(core, callId);
  if (isRefusal(c)) return c;
  if (c.live.callerGone) return refuse('CALL_NOT_FOUND', `call ${callId} not found`, { callId });
  const side = sideOf(core, callId);
  if (side.transfer !== null) {
    return refuse('TRANSFER_IN_PROGRESS', `call ${callId} is being transferred`, { callId });
  }
  // The call's id is its caller's channel.
  return { callId, agentId: c.agentId, channelId: callId, flag: side };
}

const isResult = (h: Holdable | InCallResult): h is InCallResult => 'ok' in h;

/** Starts or stops the hold music; asking for the state the call is in changes nothing. */
function setHold(core: AcdCore, callId: string, on: boolean): InCallResult {
  const h = holdable(core, callId);
  if (isResult(h)) return h;
  if (h.flag.held === on) return done(callId, h.channelId);
  h.flag.held = on;
  const { control } = core.deps;
  controlStep(core, callId, on ? 'starting hold music' : 'stopping hold music', () =>
    on ? control.startMusic(h.channelId) : control.stopMusic(h.channelId),
  );
  emit(core, {
    callId,
    action: 'hold',
    state: on ? 'started' : 'ended',
    agentId: h.agentId,
    channelId: h.channelId,
    detail: null,
  });
  return done(callId, h.channelId);
}

/** Puts the other party of a connected call on hold; holding a held call changes nothing. */
export const holdCall = (core: AcdCore, callId: string): InCallResult =>
  setHold(core, callId, true);

/** Takes the other party off hold; resuming a call not held changes nothing. */
export const resumeCall = (core: AcdCore, callId: string): InCallResult =>
  setHold(core, callId, false);

/** Whether the other party of `callId` is on the agent's hold. */
export function isHeld(core: AcdCore, callId: string): boolean {
  const out = core.inCall.outbound.get(callId);
  if (out !== undefined && !out.ended) return out.held;
  return core.inCall.sides.get(callId)?.held === true;
}

/** The refusal of a transfer or conference while the caller is held, else null. */
export function refusedWhileHeld(core: AcdCore, callId: string): InCallResult | null {
  if (!isHeld(core, callId)) return null;
  return refuse('CALL_ON_HOLD', `call ${callId} is on hold: resume it first`, { callId });
}
