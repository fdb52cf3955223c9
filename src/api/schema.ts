/**
 * Assembles the GraphQL schema: importing each type file registers its types
 * and fields on the builder, in a fixed order.
 */
import './schema/scalars.ts';
import './schema/problem.ts';
import './schema/business-line.ts';
import './schema/skill.ts';
import './schema/agent.ts';
import './schema/queue.ts';
import './schema/did-route.ts';
import './schema/vip-caller.ts';
import './schema/contact.ts';
import './schema/user.ts';
import './schema/auth.ts';
import './schema/call.ts';
import './schema/audit.ts';
import './schema/acd-agent.ts';
import './schema/acd-call-control.ts';
import './schema/acd-wrap-up.ts';
import './schema/acd-queue.ts';
import './schema/acd-live-calls.ts';
import './schema/acd-live.ts';
import './schema/agent-assignment.ts';
import './schema/callback.ts';
import './schema/ivr-session.ts';
import './schema/ivr-flow.ts';
import './schema/ivr-flow-tools.ts';
import './schema/ivr-schedule.ts';
import './schema/ivr-firewall.ts';
import './schema/ivr-routing.ts';
import './schema/ivr-voicemail.ts';
import './schema/call-details.ts';
import './schema/recording.ts';
import './schema/report-kpi.ts';
import './schema/report-live.ts';
import './schema/report-admin.ts';
import './schema/dialer-campaign.ts';
import './schema/dialer-lists.ts';
import './schema/dialer-agent.ts';
import './schema/dialer-follow-up.ts';
import './schema/webhook.ts';
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.ts';

/** The executable schema, fields sorted so the printed SDL is stable. */
export const schema = lexicographicSortSchema(builder.toSchema());
