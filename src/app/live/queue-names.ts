/**
 * The name a live message shows for a call's queue. Calls to a DID routed
 * straight to one agent wait in that agent's personal queue, which is not
 * stored: it is named after the agent.
 */
import { isDirectQueueId } from '../../domain/acd/direct.ts';
import type { Store } from '../ports.ts';

/** The queue's name; '' for a queue that no longer exists. */
export async function queueNameOf(store: Store, queueId: string): Promise<string> {
  if (isDirectQueueId(queueId)) {
    const agent = await store.agents.get(queueId.slice('direct:'.length));
    return agent === undefined ? '' : `Direct: ${agent.name}`;
  }
  return (await store.queues.get(queueId))?.name ?? '';
}
