/**
 * Internal calls between extensions (AGT-9) go through the dialplan
 * (`agents` context), never through our application; the PBX adapter still
 * reports each channel that appears on a phone (`phone-busy`). An agent
 * who is free, paused or in wrap-up is busy on that call until its channel
 * hangs up, so the dispatcher never offers it a queue call meanwhile; a
 * paused agent goes back to its pause afterwards.
 */
import { stepAgentIn } from './agent-flow.ts';
import type { AcdCore } from './core.ts';

const CAN_TAKE_INTERNAL = new Set(['available', 'paused', 'wrap-up']);

/** A channel appeared on `endpoint` that the ACD did not place. */
export function phoneBusy(core: AcdCore, endpoint: string, channelId: string): void {
  if (core.inCall.internal.has(channelId)) return;
  for (const entry of core.agents.values()) {
    if (entry.reach !== 'sip' || entry.endpoint.toLowerCase() !== endpoint.toLowerCase()) continue;
    if (!CAN_TAKE_INTERNAL.has(entry.state.activity.status)) return;
    const step = stepAgentIn(core, entry.id, { type: 'seize', callId: channelId });
    if (step?.ok === true) core.inCall.internal.set(channelId, entry.id);
    return;
  }
}

/** A phone channel hung up; true when it was an agent's internal call (now over). */
export function internalEnded(core: AcdCore, channelId: string): boolean {
  const agentId = core.inCall.internal.get(channelId);
  if (agentId === undefined) return false;
  core.inCall.internal.delete(channelId);
  stepAgentIn(core, agentId, { type: 'call-ended', callId: channelId, wrapUpS: 0 });
  return true;
}
