/**
 * A DID routed straight to one agent (ACD-8) reaches that agent through a
 * personal queue of one member: the same offers, ring timeout, wrap-up and
 * call record as any queued call, with no other agent ever in it. A caller
 * whose agent is not logged in is told so at once (Q.850 20, subscriber
 * absent); one whose agent is busy waits up to a minute, then hears no
 * answer (19).
 */
import { type AcdQueue, DEFAULT_ACD_SETTINGS } from './acd.types.ts';

/** Id of an agent's personal queue (never a stored queue's id: those are UUIDs). */
export const directQueueId = (agentId: string): string => `direct:${agentId}`;

/** True for the id of a personal queue. */
export const isDirectQueueId = (queueId: string): boolean => queueId.startsWith('direct:');

/** The personal queue of an agent. */
export function directQueueFor(agent: {
  readonly id: string;
  readonly businessLineId: string;
}): AcdQueue {
  return {
    id: directQueueId(agent.id),
    businessLineId: agent.businessLineId,
    strategy: 'linear',
    ringTimeoutS: 20,
    maxWaitS: 60,
    maxLength: null,
    wrapUpS: 0,
    requiredSkills: [],
    directAgentId: agent.id,
    settings: {
      ...DEFAULT_ACD_SETTINGS,
      overflow: {
        ...DEFAULT_ACD_SETTINGS.overflow,
        onMaxWait: { kind: 'hangup', cause: 19 },
        onNoAgents: { kind: 'hangup', cause: 20 },
      },
      announcements: { ...DEFAULT_ACD_SETTINGS.announcements, firstAfterS: 0 },
      // The caller asked for this agent: missing one call must not pause them.
      autoPauseAfterMisses: 0,
      reofferAfterS: 0,
      sticky: { ...DEFAULT_ACD_SETTINGS.sticky, enabled: false },
    },
  };
}
