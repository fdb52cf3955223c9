/**
 * The GraphQL operations of the agent widget, typed. Every operation is
 * one the schema documents (schema.graphql); the widget has no other
 * channel to callwright.
 */
import { type CallwrightClient, successOf } from '../lib/graphql-client.ts';
import type {
  FollowUp,
  InboundPop,
  Me,
  OutboundPop,
  StateChange,
  TodayFigures,
} from './desk-types.ts';

const PROBLEM = '... on Problem { code message }';

/** Who the token belongs to, and its agent. */
export async function whoAmI(client: CallwrightClient): Promise<Me> {
  const data = await client.request<{ me: Me | null }>(
    '{ me { displayName username role agent { id name extension } } }',
  );
  if (data.me === null) throw new Error('not signed in');
  return data.me;
}

const AGENT_EVENTS = `subscription {
  agentEvents {
    __typename
    ... on AgentStateChange { from to at reason callId }
    ... on ScreenPop {
      callId ani dnis queueId queueName waitS at returning ivrPath dispositions dispositionRequired
      contact { id name company notes }
      history { startedAt agentName queueName disposition notes }
    }
  }
}`;

/** Follows the agent's feed: its status first, then every change and screen pop. */
export function followAgent(
  client: CallwrightClient,
  onEvent: (event: StateChange | InboundPop) => void,
  onError: (error: Error) => void,
): () => void {
  return client.subscribe<{ agentEvents: StateChange | InboundPop | null }>(
    AGENT_EVENTS,
    {},
    (data) => {
      if (data.agentEvents) onEvent(data.agentEvents);
    },
    onError,
  );
}

/** The agent state mutations without arguments. */
export type AgentVerb = 'agentLogin' | 'agentLogout' | 'agentReady' | 'agentUnpause';

/** Runs an agent state mutation on the caller's own agent. */
export async function agentAct(client: CallwrightClient, verb: AgentVerb): Promise<void> {
  const data = await client.request<{ r: unknown }>(
    `mutation { r: ${verb} { __typename ${PROBLEM} } }`,
  );
  successOf(data.r);
}

/** Pauses the caller's own agent with a reason. */
export async function agentPause(client: CallwrightClient, reason: string): Promise<void> {
  const data = await client.request<{ r: unknown }>(
    `mutation($reason: String!) { r: agentPause(reason: $reason) { __typename ${PROBLEM} } }`,
    { reason },
  );
  successOf(data.r);
}

/** The dialer call the agent is on, with the campaign's script (DIAL-5); null when none. */
export async function outboundCall(client: CallwrightClient): Promise<OutboundPop | null> {
  const data = await client.request<{ outboundCall: OutboundPop | null }>(
    `{ outboundCall { callId attemptId number script connected dispositions
        campaign { name } record { name externalId data } } }`,
  );
  return data.outboundCall;
}

/** Where a transfer or a conference goes (`CallTargetInput`). */
export type CallTarget = { agentId: string } | { queueId: string } | { number: string };

async function callControl(
  client: CallwrightClient,
  field: string,
  args: string,
  variables: Record<string, unknown>,
  params: string,
): Promise<{ callId: string | null; channelId: string | null }> {
  const type = `Mutation${field[0]!.toUpperCase()}${field.slice(1)}Success`;
  const data = await client.request<{ r: unknown }>(
    `mutation(${params}) { r: ${field}(${args}) {
      __typename ... on ${type} { data { callId channelId } } ${PROBLEM} } }`,
    variables,
  );
  return successOf(data.r);
}

/** Transfers the call, blind or attended (AGT-2). */
export const transferCall = (
  client: CallwrightClient,
  callId: string,
  target: CallTarget,
  mode: 'BLIND' | 'ATTENDED',
) =>
  callControl(
    client,
    'transferCall',
    'callId: $callId, target: $target, mode: $mode',
    { callId, target, mode },
    '$callId: String!, $target: CallTargetInput!, $mode: TransferMode',
  );

/** Completes or cancels an attended transfer. */
export const endConsultation = (
  client: CallwrightClient,
  callId: string,
  how: 'completeTransfer' | 'cancelTransfer',
) => callControl(client, how, 'callId: $callId', { callId }, '$callId: String!');

/** Adds a party to the call (AGT-3). */
export const conferenceAdd = (client: CallwrightClient, callId: string, target: CallTarget) =>
  callControl(
    client,
    'conferenceAdd',
    'callId: $callId, target: $target',
    { callId, target },
    '$callId: String!, $target: CallTargetInput!',
  );

/** Hangs the call up. */
/** Puts the caller on hold (`holdCall`) or brings it back (`resumeCall`). */
export const holdCall = (client: CallwrightClient, callId: string, on: boolean) =>
  callControl(
    client,
    on ? 'holdCall' : 'resumeCall',
    'callId: $callId',
    { callId },
    '$callId: String!',
  );

export const hangupCall = (client: CallwrightClient, callId: string) =>
  callControl(client, 'hangupCall', 'callId: $callId', { callId }, '$callId: String!');

/** Click-to-dial from the agent's phone (AGT-5). */
export const originateCall = (client: CallwrightClient, number: string) =>
  callControl(client, 'originateCall', 'number: $number', { number }, '$number: String!');

/** Writes the wrap-up of an inbound (or click-to-dial) call on its record (AGT-6). */
export async function setCallWrapUp(
  client: CallwrightClient,
  callId: string,
  disposition: string | null,
  notes: string | null,
): Promise<void> {
  const data = await client.request<{ r: unknown }>(
    `mutation($callId: String!, $disposition: String, $notes: String) {
      r: setCallWrapUp(callId: $callId, disposition: $disposition, notes: $notes) {
        __typename ${PROBLEM} } }`,
    { callId, disposition, notes },
  );
  successOf(data.r);
}

/** Writes the disposition of a dialer attempt (the campaign's codes). */
export async function setAttemptDisposition(
  client: CallwrightClient,
  attemptId: string,
  code: string,
  notes: string | null,
): Promise<void> {
  const data = await client.request<{ r: unknown }>(
    `mutation($attemptId: ID!, $code: String!, $notes: String) {
      r: setCallDisposition(attemptId: $attemptId, code: $code, notes: $notes) {
        __typename ${PROBLEM} } }`,
    { attemptId, code, notes },
  );
  successOf(data.r);
}

/** Books a follow-up call of `number` through the queue's callbacks (AGT-6). */
export async function scheduleFollowUp(
  client: CallwrightClient,
  queueId: string,
  number: string,
  dueAt: Date,
): Promise<void> {
  const data = await client.request<{ r: unknown }>(
    `mutation($queueId: ID!, $number: String!, $dueAt: DateTime) {
      r: requestCallback(queueId: $queueId, number: $number, dueAt: $dueAt) {
        __typename ${PROBLEM} } }`,
    { queueId, number, dueAt: dueAt.toISOString() },
  );
  successOf(data.r);
}

/** The agent's own figures since local midnight (AGT-7). */
export async function todayFigures(client: CallwrightClient): Promise<TodayFigures> {
  const data = await client.request<{ myFiguresToday: TodayFigures }>(
    '{ myFiguresToday { callsIn callsOut answered missed talkS ahtS } }',
  );
  return data.myFiguresToday;
}

/** Callbacks still to be made in the agent's queues (DIAL-9), soonest first. */
export async function followUps(client: CallwrightClient): Promise<FollowUp[]> {
  const data = await client.request<{ callbacks: { edges: Array<{ node: FollowUp }> } }>(
    `{ callbacks(first: 20, filter: { statuses: [PENDING] }) {
      edges { node { id number dueAt status queue { name } contact { name } } } } }`,
  );
  return data.callbacks.edges
    .map((e) => e.node)
    .sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)));
}

/** A transfer target the token may see: an agent or a queue of its business lines. */
export interface DirectoryEntry {
  kind: 'agent' | 'queue';
  id: string;
  label: string;
}

/**
 * Agents and queues to transfer to, when the token may read them
 * (supervisors, admins); null when it may not (the agent role reads only
 * its own agent record: the target is then typed in).
 */
export async function directory(client: CallwrightClient): Promise<DirectoryEntry[] | null> {
  try {
    const data = await client.request<{
      agents: { edges: Array<{ node: { id: string; name: string; extension: string } }> };
      queues: { edges: Array<{ node: { id: string; name: string } }> };
    }>(
      '{ agents(first: 200) { edges { node { id name extension } } } queues(first: 200) { edges { node { id name } } } }',
    );
    return [
      ...data.queues.edges.map((e) => ({
        kind: 'queue' as const,
        id: e.node.id,
        label: e.node.name,
      })),
      ...data.agents.edges.map((e) => ({
        kind: 'agent' as const,
        id: e.node.id,
        label: `${e.node.name} (${e.node.extension})`,
      })),
    ];
  } catch {
    return null;
  }
}

/** Queues the token may see with whether `agentId` is a member; null when it may not read queues. */
export async function queueChoices(
  client: CallwrightClient,
  agentId: string,
): Promise<Array<{ id: string; name: string; member: boolean }> | null> {
  try {
    const data = await client.request<{
      queues: {
        edges: Array<{
          node: { id: string; name: string; members: Array<{ agent: { id: string } | null }> };
        }>;
      };
    }>('{ queues(first: 200) { edges { node { id name members { agent { id } } } } } }');
    return data.queues.edges.map(({ node }) => ({
      id: node.id,
      name: node.name,
      member: node.members.some((m) => m.agent?.id === agentId),
    }));
  } catch {
    return null;
  }
}

/** Makes `queueIds` the agent's queues (roles that may change memberships). */
export async function setQueues(
  client: CallwrightClient,
  agentId: string,
  queueIds: string[],
): Promise<void> {
  const data = await client.request<{ r: unknown }>(
    `mutation($agentId: ID!, $queueIds: [ID!]!) {
      r: setAgentQueues(agentId: $agentId, queueIds: $queueIds) { __typename ${PROBLEM} } }`,
    { agentId, queueIds },
  );
  successOf(data.r);
}
