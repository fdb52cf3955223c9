/**
 * Steps agent machines inside the runtime: apply the reducer, keep the
 * dispatcher snapshot in line, log the transition as `A -[event]-> B`,
 * queue the commands, and look for a call whenever the agent becomes free.
 */
import type { AgentCommand, AgentEvent } from '../../domain/acd/agent.events.ts';
import { wrapUpTimerKey } from '../../domain/acd/agent.events.ts';
import { type AgentStep, stepAgent } from '../../domain/acd/agent.machine.ts';
import { syncAgent } from '../../domain/acd/snapshot.ts';
import { stepCallIn } from './call-flow.ts';
import { causeForCancel } from './causes.ts';
import { type AcdCore, type AgentEntry, onPbxChain, publish, run } from './core.ts';
import { dispatchAgent } from './dispatch.ts';
import { queuesEmptied } from './no-agents.ts';

/** Steps one agent; null for an agent the runtime does not know. */
export function stepAgentIn(core: AcdCore, agentId: string, event: AgentEvent): AgentStep | null {
  const entry = core.agents.get(agentId);
  if (entry === undefined) return null;
  const from = entry.state.activity.status;
  const step = stepAgent(entry.state, event, core.deps.clock.now());
  if (!step.ok) {
    core.log.debug({ agentId, event: event.type, code: step.error.code }, 'agent event refused');
    return step;
  }
  entry.state = step.state;
  syncAgent(core.snapshot, step.state);
  const to = step.state.activity.status;
  if (from !== to) core.log.info({ agentId }, `agent ${from} -[${event.type}]-> ${to}`);
  for (const command of step.commands) run(core, () => runAgentCommand(core, entry, command));
  if (to === 'available' && from !== 'available') run(core, () => dispatchAgent(core, agentId));
  if (to === 'logged-out' && from !== 'logged-out') run(core, () => queuesEmptied(core, agentId));
  return step;
}

function runAgentCommand(core: AcdCore, entry: AgentEntry, command: AgentCommand): void {
  switch (command.type) {
    case 'start-timer': {
      // The agent machine's only timer is its wrap-up.
      const key = command.key;
      if (key !== wrapUpTimerKey(entry.id)) return;
      core.deps.timers.set(key, command.at, () =>
        run(core, () => stepAgentIn(core, entry.id, { type: 'wrap-up-elapsed' })),
      );
      return;
    }
    case 'cancel-timer':
      core.deps.timers.cancel(command.key);
      return;
    case 'publish':
      entry.since = command.event.at;
      entry.reason = command.event.reason;
      publish(core, command.event);
      return;
    case 'withdraw-offer':
      withdrawOffer(core, command.agentId, command.callId);
      return;
    default:
      assertNever(command);
  }
}

function assertNever(command: never): never {
  throw new Error(`unknown agent command ${JSON.stringify(command)}`);
}

/**
 * The agent left (logout, phone lost) while being offered a call: stop
 * ringing its phone and tell the call, which then tries the next agent.
 */
function withdrawOffer(core: AcdCore, agentId: string, callId: string): void {
  const live = core.calls.get(callId);
  if (live === undefined) return;
  const channelId = live.offers.get(agentId);
  if (channelId !== undefined) {
    live.offers.delete(agentId);
    core.legs.delete(channelId);
    const cause = causeForCancel('withdrawn');
    onPbxChain(core, live, async () => {
      const outcome = await core.deps.control.hangup(channelId, cause);
      if (!outcome.ok && outcome.reason === 'failed') {
        core.log.warn({ callId, agentId, detail: outcome.detail }, 'withdrawing an offer failed');
      }
    });
  }
  stepCallIn(core, callId, { type: 'offer-failed', agentId, cause: 'withdrawn' });
}
