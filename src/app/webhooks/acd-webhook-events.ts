/**
 * Turns the ACD runtime's events into webhook events (SEC-4): an offer to an
 * agent, an answered (bridged) call, every call phase change, the end of a
 * call, and agent state changes. Each event goes to the business line of its
 * call's queue or of its agent.
 */
import type { RuntimeEvent } from '../acd/runtime.ts';
import type { WebhookEventInput } from './webhook-dispatcher.ts';

/** What the mapper reads about calls and agents. */
export interface AcdLookups {
  /** The business line of a call the runtime still holds. */
  callLine(callId: string): string | undefined;
  /** The business line of an agent. */
  agentLine(agentId: string): Promise<string | undefined>;
}

/**
 * A mapper holding the business line of each call it has seen, since a
 * closed call is no longer in the runtime when `call-closed` arrives.
 */
export function createAcdWebhookMapper(lookups: AcdLookups, now: () => number) {
  const lines = new Map<string, string>();
  const lineOfCall = (callId: string): string | undefined => {
    const line = lookups.callLine(callId) ?? lines.get(callId);
    if (line) lines.set(callId, line);
    return line;
  };
  const event = (
    type: string,
    businessLineId: string | undefined,
    occurredAt: number,
    data: Record<string, unknown>,
  ): WebhookEventInput[] => (businessLineId ? [{ type, businessLineId, occurredAt, data }] : []);

  return async function map(e: RuntimeEvent): Promise<WebhookEventInput[]> {
    switch (e.type) {
      case 'call-changed':
        return event('call.state-changed', lineOfCall(e.callId), e.at, {
          callId: e.callId,
          queueId: e.queueId,
          from: e.from,
          to: e.to,
        });
      case 'offer-sent':
        return event('call.offered', lineOfCall(e.callId), now(), {
          callId: e.callId,
          agentId: e.agentId,
        });
      case 'call-bridged':
        return event('call.answered', lineOfCall(e.callId), now(), {
          callId: e.callId,
          agentId: e.agentId,
        });
      case 'call-closed': {
        const line = lineOfCall(e.callId);
        lines.delete(e.callId);
        return event('call.ended', line, now(), { callId: e.callId, phase: e.phase });
      }
      case 'agent-state-changed':
        return event('agent.state-changed', await lookups.agentLine(e.agentId), e.at, {
          agentId: e.agentId,
          from: e.from,
          to: e.to,
          reason: e.reason,
          callId: e.callId,
        });
      default:
        return [];
    }
  };
}
