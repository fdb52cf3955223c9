/**
 * The outbound screen pop of an agent's live feed (`agentEvents`, DIAL-5):
 * pushed when the dialer rings the agent's phone, with the campaign's
 * script and the number masked when the campaign masks numbers.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { OutboundPopMessage } from '../../app/live/live-events.ts';
import { builder } from '../builder.ts';
import { AgentRef } from './agent.ts';

/** The pop as a GraphQL object. */
export const OutboundPopRef = builder.objectRef<OutboundPopMessage>('OutboundPop').implement({
  description: "What the agent's screen shows when a dialer call rings its phone (DIAL-5).",
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: 'The agent rung.', resolve: (m) => m.agentId }),
    callId: t.exposeString('callId', {
      description: "The callee leg's channel id (as in `outboundCall.callId`).",
    }),
    attemptId: t.id({
      description: 'Global ID of the attempt (for setCallDisposition).',
      resolve: (m) => encodeGlobalID('DialAttempt', String(m.attemptId)),
    }),
    campaignId: t.id({
      description: 'Global ID of the campaign.',
      resolve: (m) => encodeGlobalID('Campaign', m.campaignId),
    }),
    campaignName: t.exposeString('campaignName', { description: 'Name of the campaign.' }),
    script: t.exposeString('script', { description: "The campaign's script." }),
    number: t.exposeString('number', {
      description: 'The number dialled; masked (last two digits) when the campaign masks numbers.',
    }),
    recordId: t.id({
      description: 'Global ID of the list record called.',
      resolve: (m) => encodeGlobalID('ListRecord', String(m.recordId)),
    }),
    name: t.exposeString('name', { description: 'Name of the contact.' }),
    data: t.field({
      type: 'JSON',
      description: "The record's other CSV columns.",
      resolve: (m) => m.data,
    }),
    dispositions: t.stringList({
      description: 'Codes the agent may set.',
      resolve: (m) => [...m.dispositions],
    }),
    at: t.field({
      type: 'DateTime',
      description: 'When the phone started ringing.',
      resolve: (m) => m.at,
    }),
  }),
});
