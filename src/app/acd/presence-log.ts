/**
 * Saves each agent's presence (status, pause reason, since when) at every
 * change, so a restarted callwright takes its agents back as they were
 * (recovery.ts). Off the ACD's path: changes gather while a write is under
 * way and the next write saves only the latest of each agent.
 */
import type { AgentPresence } from '../../domain/acd/agent.restore.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import type { RuntimeEvent } from './core.ts';

/** The log: feed it runtime events; `settled()` resolves once what it was given is saved. */
export function createPresenceLog(deps: { store: Store; logger: Logger }) {
  const log = deps.logger.child({ component: 'presence-log' });
  const pending = new Map<string, AgentPresence>();
  let writing: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (pending.size > 0) {
      const rows = [...pending.values()];
      pending.clear();
      try {
        await deps.store.acdHistory.putPresence(rows);
      } catch (error) {
        // Not retried: the next change of each agent saves it again.
        log.warn({ err: error, agents: rows.length }, 'agent presence not saved');
      }
    }
    writing = null;
  }

  return {
    handle(event: RuntimeEvent): void {
      if (event.type !== 'agent-state-changed') return;
      pending.set(event.agentId, {
        agentId: event.agentId,
        status: event.to,
        reason: event.to === 'paused' ? event.reason : null,
        since: event.at,
      });
      writing ??= Promise.resolve().then(drain);
    },
    settled: (): Promise<void> => writing ?? Promise.resolve(),
  };
}

/** The presence log. */
export type PresenceLog = ReturnType<typeof createPresenceLog>;
