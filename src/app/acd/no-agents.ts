/**
 * The last logged-in member of a queue left (ACD-5): callers waiting there
 * learn it, and those of a queue with a no-agents overflow target move on
 * instead of waiting for nobody. Callers already ringing an agent are left
 * to that offer.
 */
import { stepCallIn } from './call-flow.ts';
import type { AcdCore } from './core.ts';

/** After `agentId` logged out: tells waiting callers of each queue it left empty. */
export function queuesEmptied(core: AcdCore, agentId: string): void {
  const agent = core.snapshot.agents.get(agentId);
  if (agent === undefined) return;
  const emptied = new Set<string>();
  for (const queueId of agent.queues.keys()) {
    if (core.snapshot.queues.get(queueId)?.loggedIn.size === 0) emptied.add(queueId);
  }
  if (emptied.size === 0) return;
  for (const live of [...core.calls.values()]) {
    if (live.call.phase.name === 'waiting' && emptied.has(live.call.queue.id)) {
      stepCallIn(core, live.call.callId, { type: 'no-agents' });
    }
  }
}
