/**
 * A connected call changes hands (AGT-2, AGT-3): an agent the call was
 * transferred to takes it over, or a conference goes on with another agent
 * after its owner left. The caller stays where it is; only the agent the
 * call belongs to (who gets the wrap-up, whom the record names) changes.
 */
import { wrongPhase } from './call.errors.ts';
import { record } from './call.leave.ts';
import type { CallStep, QueuedCall } from './call.state.ts';

/** The connected call now belongs to `agentId`, from `now` on. */
export function handOver(call: QueuedCall, agentId: string, now: number): CallStep {
  const { phase } = call;
  if (phase.name !== 'connected') {
    return {
      ok: false,
      error: wrongPhase('CALL_NOT_CONNECTED', call.callId, phase.name, 'change hands'),
      state: call,
    };
  }
  if (phase.agentId === agentId) return { ok: true, state: call, commands: [] };
  return {
    ok: true,
    state: { ...call, phase: { name: 'connected', agentId, since: now } },
    commands: [record(call, 'transfer', now, agentId, `agent:${phase.agentId}`)],
  };
}
