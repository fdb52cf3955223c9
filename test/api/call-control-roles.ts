/**
 * Rows of the role matrix (roles.test.ts) for in-call control: each
 * request first puts a fresh call from queue A through to agent A1 in the
 * API's runtime (fake call control, PBX events fed by hand), so every
 * caller acts on a live call. Agents act on their own calls only;
 * supervisors and admins on their business lines'; QA may only listen.
 */
import type { Role } from '../../src/domain/shared/roles.ts';
import type { TestApi } from '../helpers/api.ts';
import type { Org } from '../helpers/org.ts';

type Caller = Role | 'anonymous';

/** One row, shaped like roles.test.ts's `Operation`. */
interface Row {
  name: string;
  allowed: Caller[];
  request(ctx: {
    api: TestApi;
    org: Org;
    caller: Caller;
    n: number;
  }): Promise<{ query: string; variables?: Record<string, unknown> }>;
}

const mutation = (variables: string, call: string) =>
  `mutation(${variables}) { r: ${call} { __typename ... on Problem { code message } } }`;

/** Ends every call the runtime holds and frees agent A1. */
async function clear(api: TestApi, org: Org): Promise<void> {
  const { runtime } = api.acd;
  for (const call of runtime.liveCalls()) {
    runtime.handle({ type: 'channel-hung-up', channelId: call.callId, cause: 16 });
  }
  const a1 = org.raw.agentA1.id;
  const busy = runtime.agentView(a1).callId;
  // A call placed for the agent: its phone leg (the call's own id) ends it.
  if (busy?.startsWith('cw-out-')) {
    runtime.handle({ type: 'offer-failed', channelId: busy, cause: 16 });
  }
  const status = runtime.agentView(a1).status;
  if (status === 'logged-out') await runtime.agentAction(a1, { type: 'login' });
  else if (status !== 'available') await runtime.agentAction(a1, { type: 'ready' });
  if (runtime.agentView(a1).status !== 'available') {
    throw new Error(`agent A1 is ${runtime.agentView(a1).status}`);
  }
}

/** A caller of queue A connected to agent A1; returns the call id. */
async function liveCall(api: TestApi, org: Org, n: number): Promise<string> {
  await clear(api, org);
  const { runtime } = api.acd;
  const callId = `live-${n}`;
  runtime.handle({
    type: 'inbound-entered',
    channelId: callId,
    channelName: `PJSIP/trunk-${n}`,
    ani: '+33142868200',
    dnis: '+33100000000',
    trunk: 'trunk',
    queueId: org.raw.queueA.id,
  });
  const offer = `${callId}-offer-1`;
  runtime.handle({ type: 'offer-answered', channelId: offer, callId, agentId: org.raw.agentA1.id });
  if (runtime.agentView(org.raw.agentA1.id).callId !== callId) {
    throw new Error(`call ${callId} did not reach agent A1`);
  }
  return callId;
}

const OWN: Caller[] = ['admin', 'supervisor', 'agent'];
const WATCHERS: Caller[] = ['admin', 'supervisor'];

/** Call-control rows of the role matrix. */
export const CALL_CONTROL_OPERATIONS: Row[] = [
  {
    name: 'transferCall of a live call (blind, to a queue)',
    allowed: OWN,
    request: async ({ api, org, n }) => ({
      query: mutation('$c: String!, $q: ID!', 'transferCall(callId: $c, target: { queueId: $q })'),
      variables: { c: await liveCall(api, org, n), q: org.ids.queueA },
    }),
  },
  {
    name: 'cancelTransfer of an attended transfer',
    allowed: OWN,
    request: async ({ api, org, n }) => {
      const callId = await liveCall(api, org, n);
      const started = await api.acd.runtime.calls.transfer(
        callId,
        { kind: 'external', number: '+33142868201' },
        'attended',
      );
      if (!started.ok) throw new Error(started.error.code);
      return {
        query: mutation('$c: String!', 'cancelTransfer(callId: $c)'),
        variables: { c: callId },
      };
    },
  },
  {
    name: 'conferenceAdd of a number',
    allowed: OWN,
    request: async ({ api, org, n }) => ({
      query: mutation(
        '$c: String!',
        'conferenceAdd(callId: $c, target: { number: "+33142868201" })',
      ),
      variables: { c: await liveCall(api, org, n) },
    }),
  },
  {
    name: "listenCall on another agent's phone",
    allowed: ['admin', 'supervisor', 'qa'],
    request: async ({ api, org, n }) => ({
      query: mutation('$c: String!, $a: ID', 'listenCall(callId: $c, agentId: $a)'),
      variables: { c: await liveCall(api, org, n), a: org.ids.agentA2 },
    }),
  },
  ...(['whisperCall', 'bargeCall'] as const).map(
    (name): Row => ({
      name: `${name} on another agent's phone`,
      allowed: WATCHERS,
      request: async ({ api, org, n }) => ({
        query: mutation('$c: String!, $a: ID', `${name}(callId: $c, agentId: $a)`),
        variables: { c: await liveCall(api, org, n), a: org.ids.agentA2 },
      }),
    }),
  ),
  {
    name: 'hangupCall of a live call',
    allowed: OWN,
    request: async ({ api, org, n }) => ({
      query: mutation('$c: String!', 'hangupCall(callId: $c)'),
      variables: { c: await liveCall(api, org, n) },
    }),
  },
  {
    name: 'originateCall from the own agent',
    allowed: OWN,
    request: async ({ api, org }) => {
      await clear(api, org);
      return {
        query: mutation('$a: ID', 'originateCall(number: "01 42 86 82 01", agentId: $a)'),
        variables: { a: org.ids.agentA1 },
      };
    },
  },
  {
    name: 'originateCall from an agent of line B',
    allowed: ['admin'],
    request: async ({ api, org }) => {
      await api.acd.runtime.agentAction(org.raw.agentB1.id, { type: 'logout' });
      return {
        query: mutation('$a: ID', 'originateCall(number: "+12125550142", agentId: $a)'),
        variables: { a: org.ids.agentB1 },
      };
    },
  },
];
