/**
 * Turns the ACD's agent state changes into state intervals (for occupancy
 * and utilisation): each change closes the interval of the state the agent
 * leaves, from when it entered it. The first change seen for an agent only
 * opens an interval (its earlier state's start is unknown). Intervals are
 * written in order, one at a time, off the ACD's path.
 */
import type { AgentStateChanged } from '../../domain/acd/agent.events.ts';
import type { StateInterval } from '../../domain/reports/agent-time.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';

/** The log: feed it state changes; `settled()` resolves when they are written. */
export function createAgentStateLog(deps: { store: Store; logger: Logger }) {
  const log = deps.logger.child({ component: 'agent-state-log' });
  const since = new Map<string, number>();
  const lines = new Map<string, string | null>();
  let chain: Promise<void> = Promise.resolve();

  async function lineOf(agentId: string): Promise<string | null> {
    if (!lines.has(agentId))
      lines.set(agentId, (await deps.store.agents.get(agentId))?.businessLineId ?? null);
    return lines.get(agentId) ?? null;
  }

  return {
    handle(event: AgentStateChanged): void {
      const started = since.get(event.agentId);
      since.set(event.agentId, event.at);
      if (started === undefined || event.at <= started) return;
      chain = chain
        .then(async () => {
          const interval: StateInterval = {
            agentId: event.agentId,
            businessLineId: await lineOf(event.agentId),
            state: event.from,
            startedAt: started,
            endedAt: event.at,
          };
          await deps.store.reports.appendStateIntervals([interval]);
        })
        .catch((error: unknown) =>
          log.error({ err: error, agentId: event.agentId }, 'agent interval not written'),
        );
    },
    settled: () => chain,
  };
}

/** The agent state log. */
export type AgentStateLog = ReturnType<typeof createAgentStateLog>;
