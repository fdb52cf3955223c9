/**
 * Outbound screen pops (DIAL-5): when the dialer rings an agent's phone
 * for a call, the agent's live feed gets the campaign's script, the
 * contact and the number, masked when the campaign masks numbers. The pop
 * is built once and shared by every subscriber of the agent's feed, so
 * masking follows the campaign, not the subscriber.
 */
import { maskNumber } from '../../domain/dialer/campaign.ts';
import type { Clock } from '../clock.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { agentTopic, type OutboundPopMessage } from '../live/live-events.ts';
import type { DialerEngine } from './engine.ts';

/** Publishes outbound pops on the live bus; returns the unsubscribe. */
export function publishDialerPops(deps: {
  engine: Pick<DialerEngine, 'onEvent' | 'callById'>;
  bus: LiveBus;
  clock: Clock;
}): () => void {
  return deps.engine.onEvent((e) => {
    if (e.type !== 'agent-ringing' || e.agentId === null) return;
    const found = deps.engine.callById(e.callId);
    if (found === null) return;
    const { call, campaign } = found;
    const pop: OutboundPopMessage = {
      type: 'outbound-pop',
      agentId: e.agentId,
      callId: call.id,
      attemptId: call.attemptId,
      campaignId: campaign.id,
      campaignName: campaign.name,
      script: campaign.settings.script,
      number: maskNumber(call.e164, campaign.settings.maskNumbers),
      recordId: call.record.id,
      name: call.record.name,
      data: call.record.data,
      dispositions: [...campaign.settings.dispositions],
      at: deps.clock.now(),
    };
    deps.bus.publish(agentTopic(e.agentId), pop);
  });
}
