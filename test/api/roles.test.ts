/**
 * The role matrix (SEC-1): every query and mutation, called by every role,
 * is allowed or denied exactly as the table says. Runs through the real
 * GraphQL handler over a real database.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import { isInterfaceType, isObjectType } from 'graphql';
import { schema } from '../../src/api/schema.ts';
import type { Role } from '../../src/domain/shared/roles.ts';
import { createTestApi, type GqlResult, type TestApi } from '../helpers/api.ts';
import { buildOrg, type Org } from '../helpers/org.ts';
import { CALL_CONTROL_OPERATIONS } from './call-control-roles.ts';
import { DIALER_OPERATIONS } from './dialer-roles.ts';
import { IVR_OPERATIONS } from './ivr-roles.ts';
import { RECORDS_OPERATIONS } from './records-roles.ts';
import { WEBHOOK_OPERATIONS } from './webhook-roles.ts';

type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['anonymous', 'admin', 'supervisor', 'qa', 'agent'];

interface Operation {
  name: string;
  /** Roles that may do it (anonymous never appears unless public). */
  allowed: Caller[];
  /** Builds the request; may create a fresh target first. */
  request(ctx: {
    api: TestApi;
    org: Org;
    caller: Caller;
    n: number;
  }):
    | Promise<{ query: string; variables?: Record<string, unknown> }>
    | { query: string; variables?: Record<string, unknown> };
  /** A subscription: run through yoga's envelope; allowed when it opens a stream. */
  subscription?: true;
}

const PROBLEM = '__typename ... on Problem { code message }';
/** A mutation document whose result is aliased `r`; success or Problem is told by __typename. */
const mutation = (variables: string, call: string) =>
  `mutation(${variables}) { r: ${call} { ${PROBLEM} } }`;

const ALL: Caller[] = ['admin', 'supervisor', 'qa', 'agent'];
const CONFIG_READ: Caller[] = ['admin', 'supervisor', 'qa'];
const CONFIG_WRITE: Caller[] = ['admin', 'supervisor'];

const OPERATIONS: Operation[] = [
  { name: 'query me', allowed: ALL, request: () => ({ query: '{ r: me { id username } }' }) },
  {
    name: 'query businessLines',
    allowed: ALL,
    request: () => ({ query: '{ r: businessLines { edges { node { id } } } }' }),
  },
  {
    name: 'query skills',
    allowed: CONFIG_READ,
    request: () => ({ query: '{ r: skills { edges { node { id } } } }' }),
  },
  {
    name: 'query agents',
    allowed: CONFIG_READ,
    request: () => ({ query: '{ r: agents { edges { node { id } } } }' }),
  },
  {
    name: 'query queues',
    allowed: CONFIG_READ,
    request: () => ({ query: '{ r: queues { edges { node { id members { agent { id } } } } } }' }),
  },
  {
    name: 'query contacts',
    allowed: ALL,
    request: () => ({ query: '{ r: contacts { edges { node { id phones { number } } } } }' }),
  },
  {
    name: 'query users',
    allowed: CONFIG_WRITE,
    request: () => ({ query: '{ r: users { edges { node { id role } } } }' }),
  },
  {
    name: 'query calls',
    allowed: ALL,
    request: () => ({ query: '{ r: calls { edges { node { id } } } }' }),
  },
  {
    name: 'query auditLog',
    allowed: ['admin'],
    request: () => ({ query: '{ r: auditLog { edges { node { id action } } } }' }),
  },
  {
    name: 'node: own agent record',
    allowed: ALL,
    request: ({ org }) => ({
      query: 'query($id: ID!) { r: node(id: $id) { id } }',
      variables: { id: org.ids.agentA1 },
    }),
  },
  {
    name: 'node: another agent of line A',
    allowed: CONFIG_READ,
    request: ({ org }) => ({
      query: 'query($id: ID!) { r: node(id: $id) { id } }',
      variables: { id: org.ids.agentA2 },
    }),
  },
  {
    name: 'node: agent of line B',
    allowed: ['admin'],
    request: ({ org }) => ({
      query: 'query($id: ID!) { r: node(id: $id) { id } }',
      variables: { id: org.ids.agentB1 },
    }),
  },
  {
    name: 'node: own call',
    allowed: ALL,
    request: ({ org }) => ({
      query: 'query($id: ID!) { r: node(id: $id) { id } }',
      variables: { id: org.ids.callA1 },
    }),
  },
  {
    name: "node: another agent's call",
    allowed: CONFIG_READ,
    request: ({ org }) => ({
      query: 'query($id: ID!) { r: node(id: $id) { id } }',
      variables: { id: org.ids.callA2 },
    }),
  },
  {
    name: 'node: call of line B',
    allowed: ['admin'],
    request: ({ org }) => ({
      query: 'query($id: ID!) { r: node(id: $id) { id } }',
      variables: { id: org.ids.callB1 },
    }),
  },
  {
    name: 'createBusinessLine',
    allowed: ['admin'],
    request: ({ n }) => ({
      query: mutation('$i: BusinessLineInput!', 'createBusinessLine(input: $i)'),
      variables: { i: { name: `Line ${n}`, timezone: 'UTC', defaultCountry: 'GB' } },
    }),
  },
  {
    name: 'updateBusinessLine',
    allowed: ['admin'],
    request: ({ org, n }) => ({
      query: mutation('$id: ID!, $i: BusinessLinePatch!', 'updateBusinessLine(id: $id, input: $i)'),
      variables: { id: org.ids.lineA, i: { name: `Line A ${n}` } },
    }),
  },
  {
    name: 'createSkill',
    allowed: CONFIG_WRITE,
    request: ({ n }) => ({
      query: mutation('$i: SkillInput!', 'createSkill(input: $i)'),
      variables: { i: { name: `skill-${n}` } },
    }),
  },
  {
    name: 'updateSkill',
    allowed: CONFIG_WRITE,
    request: ({ org, n }) => ({
      query: mutation('$id: ID!, $i: SkillPatch!', 'updateSkill(id: $id, input: $i)'),
      variables: { id: org.ids.skill, i: { description: `d${n}` } },
    }),
  },
  {
    name: 'deleteSkill',
    allowed: CONFIG_WRITE,
    request: async ({ api, n }) => {
      const s = await api.services.skills.create(api.admin, { name: `doomed-${n}` });
      return {
        query:
          'mutation($id: ID!) { r: deleteSkill(id: $id) { __typename ... on Problem { code } } }',
        variables: { id: encodeGlobalID('Skill', s.id) },
      };
    },
  },
  {
    name: 'createAgent',
    allowed: CONFIG_WRITE,
    request: ({ org, n }) => ({
      query: mutation('$i: AgentInput!', 'createAgent(input: $i)'),
      variables: { i: { businessLineId: org.ids.lineA, name: `New ${n}`, extension: `30${n}0` } },
    }),
  },
  {
    name: 'updateAgent',
    allowed: CONFIG_WRITE,
    request: ({ org, n }) => ({
      query: mutation('$id: ID!, $i: AgentPatch!', 'updateAgent(id: $id, input: $i)'),
      variables: { id: org.ids.agentA2, i: { name: `Renamed ${n}` } },
    }),
  },
  {
    name: 'deleteAgent',
    allowed: CONFIG_WRITE,
    request: async ({ api, org, n }) => {
      const a = await api.services.agents.create(api.admin, {
        businessLineId: org.raw.lineA.id,
        name: 'Temp',
        extension: `40${n}0`,
        reach: 'sip',
      });
      return {
        query:
          'mutation($id: ID!) { r: deleteAgent(id: $id) { __typename ... on Problem { code } } }',
        variables: { id: encodeGlobalID('Agent', a.id) },
      };
    },
  },
  {
    name: 'createQueue',
    allowed: CONFIG_WRITE,
    request: ({ org, n }) => ({
      query: mutation('$i: QueueInput!', 'createQueue(input: $i)'),
      variables: { i: { businessLineId: org.ids.lineA, name: `Queue ${n}` } },
    }),
  },
  {
    name: 'updateQueue',
    allowed: CONFIG_WRITE,
    request: ({ org, n }) => ({
      query: mutation('$id: ID!, $i: QueuePatch!', 'updateQueue(id: $id, input: $i)'),
      variables: { id: org.ids.queueA, i: { ringTimeoutS: 10 + n } },
    }),
  },
  {
    name: 'deleteQueue',
    allowed: CONFIG_WRITE,
    request: async ({ api, org, n }) => {
      const q = await api.services.queues.create(api.admin, {
        businessLineId: org.raw.lineA.id,
        name: `Temp ${n}`,
      });
      return {
        query:
          'mutation($id: ID!) { r: deleteQueue(id: $id) { __typename ... on Problem { code } } }',
        variables: { id: encodeGlobalID('Queue', q.id) },
      };
    },
  },
  {
    name: 'addQueueMember',
    allowed: CONFIG_WRITE,
    request: async ({ api, org, n }) => {
      const a = await api.services.agents.create(api.admin, {
        businessLineId: org.raw.lineA.id,
        name: 'Member',
        extension: `50${n}0`,
        reach: 'sip',
      });
      return {
        query:
          'mutation($q: ID!, $a: ID!) { r: addQueueMember(queueId: $q, agentId: $a) { __typename ... on Problem { code } } }',
        variables: { q: org.ids.queueA, a: encodeGlobalID('Agent', a.id) },
      };
    },
  },
  {
    name: 'removeQueueMember',
    allowed: CONFIG_WRITE,
    request: ({ org }) => ({
      query:
        'mutation($q: ID!, $a: ID!) { r: removeQueueMember(queueId: $q, agentId: $a) { __typename ... on Problem { code } } }',
      variables: { q: org.ids.queueA, a: org.ids.agentA2 },
    }),
  },
  {
    name: 'createContact',
    allowed: ['admin', 'supervisor', 'agent'],
    request: ({ org, n }) => ({
      query: mutation('$i: ContactInput!', 'createContact(input: $i)'),
      variables: {
        i: {
          businessLineId: org.ids.lineA,
          name: `Customer ${n}`,
          phones: [{ number: `+3361234${String(n).padStart(4, '0')}` }],
        },
      },
    }),
  },
  {
    name: 'updateContact',
    allowed: ['admin', 'supervisor', 'agent'],
    request: ({ org, n }) => ({
      query: mutation('$id: ID!, $i: ContactPatch!', 'updateContact(id: $id, input: $i)'),
      variables: { id: org.ids.contactA, i: { notes: `note ${n}` } },
    }),
  },
  {
    name: 'deleteContact',
    allowed: ['admin', 'supervisor', 'agent'],
    request: async ({ api, org, n }) => {
      const c = await api.services.contacts.create(api.admin, {
        businessLineId: org.raw.lineA.id,
        name: `Gone ${n}`,
      });
      return {
        query:
          'mutation($id: ID!) { r: deleteContact(id: $id) { __typename ... on Problem { code } } }',
        variables: { id: encodeGlobalID('Contact', c.id) },
      };
    },
  },
  {
    name: 'createUser',
    allowed: ['admin'],
    request: ({ n }) => ({
      query: mutation('$i: UserInput!', 'createUser(input: $i)'),
      variables: { i: { username: `user${n}`, displayName: 'U', role: 'QA' } },
    }),
  },
  {
    name: 'updateUser',
    allowed: ['admin'],
    request: ({ org, n }) => ({
      query: mutation('$id: ID!, $i: UserPatch!', 'updateUser(id: $id, input: $i)'),
      variables: { id: org.ids.userQa, i: { displayName: `QA ${n}` } },
    }),
  },
  {
    name: 'setPassword of another user',
    allowed: ['admin'],
    request: ({ org }) => ({
      query:
        'mutation($id: ID!) { r: setPassword(userId: $id, password: "another long password") { __typename ... on Problem { code } } }',
      variables: { id: org.ids.bystander },
    }),
  },
  {
    name: 'createApiKey for oneself',
    allowed: ALL,
    request: () => ({
      query: 'mutation { r: createApiKey(name: "mine") { __typename ... on Problem { code } } }',
    }),
  },
  {
    name: 'createApiKey for another user',
    allowed: ['admin'],
    request: ({ org }) => ({
      query:
        'mutation($id: ID!) { r: createApiKey(userId: $id, name: "theirs") { __typename ... on Problem { code } } }',
      variables: { id: org.ids.bystander },
    }),
  },
  {
    name: 'agentLogin of the own agent',
    allowed: ['admin', 'supervisor', 'agent'],
    request: async ({ api, org }) => {
      await api.acd.runtime.agentAction(org.raw.agentA1.id, { type: 'logout' });
      return {
        query: mutation('$a: ID', 'agentLogin(agentId: $a)'),
        variables: { a: org.ids.agentA1 },
      };
    },
  },
  {
    name: 'agentLogin of another agent of line A',
    allowed: CONFIG_WRITE,
    request: async ({ api, org }) => {
      await api.acd.runtime.agentAction(org.raw.agentA2.id, { type: 'logout' });
      return {
        query: mutation('$a: ID', 'agentLogin(agentId: $a)'),
        variables: { a: org.ids.agentA2 },
      };
    },
  },
  {
    name: 'agentLogin of an agent of line B',
    allowed: ['admin'],
    request: async ({ api, org }) => {
      await api.acd.runtime.agentAction(org.raw.agentB1.id, { type: 'logout' });
      return {
        query: mutation('$a: ID', 'agentLogin(agentId: $a)'),
        variables: { a: org.ids.agentB1 },
      };
    },
  },
  ...(['agentPause', 'agentReady', 'agentLogout'] as const).map(
    (name): Operation => ({
      name: `${name} of the own agent`,
      allowed: ['admin', 'supervisor', 'agent'],
      request: async ({ api, org }) => {
        await api.acd.runtime.agentAction(org.raw.agentA1.id, { type: 'login' });
        const reason = name === 'agentPause' ? ', reason: "break"' : '';
        return {
          query: mutation('$a: ID', `${name}(agentId: $a${reason})`),
          variables: { a: org.ids.agentA1 },
        };
      },
    }),
  ),
  {
    name: 'query agentStatus of the own agent',
    allowed: ALL,
    request: ({ org }) => ({
      query: 'query($a: ID) { r: agentStatus(agentId: $a) { status agent { id } } }',
      variables: { a: org.ids.agentA1 },
    }),
  },
  {
    name: 'query agentStatus of another agent of line A',
    allowed: CONFIG_READ,
    request: ({ org }) => ({
      query: 'query($a: ID) { r: agentStatus(agentId: $a) { status } }',
      variables: { a: org.ids.agentA2 },
    }),
  },
  {
    name: 'Agent.liveState of the own agent',
    allowed: ALL,
    request: ({ org }) => ({
      query:
        'query($id: ID!) { r: node(id: $id) { ... on Agent { liveState { status since reason } } } }',
      variables: { id: org.ids.agentA1 },
    }),
  },
  {
    name: 'query liveQueues',
    allowed: CONFIG_READ,
    request: () => ({
      query:
        '{ r: liveQueues { queue { id name } waiting longestWaitS agentsByStatus { status count } } }',
    }),
  },
  {
    name: 'agentUnpause of the own agent',
    allowed: ['admin', 'supervisor', 'agent'],
    request: async ({ api, org }) => {
      const agentId = org.raw.agentA1.id;
      await api.acd.runtime.agentAction(agentId, { type: 'logout' });
      await api.acd.runtime.agentAction(agentId, { type: 'login' });
      await api.acd.runtime.agentAction(agentId, { type: 'pause', reason: 'break' });
      return {
        query: mutation('$a: ID', 'agentUnpause(agentId: $a)'),
        variables: { a: org.ids.agentA1 },
      };
    },
  },
  {
    name: 'setAgentQueues',
    allowed: CONFIG_WRITE,
    request: ({ org }) => ({
      query: mutation('$a: ID!, $q: [ID!]!', 'setAgentQueues(agentId: $a, queueIds: $q)'),
      variables: { a: org.ids.agentA2, q: [org.ids.queueA] },
    }),
  },
  {
    name: 'setAgentSkills',
    allowed: CONFIG_WRITE,
    request: ({ org }) => ({
      query: mutation(
        '$a: ID!, $s: [AgentSkillInput!]!',
        'setAgentSkills(agentId: $a, skills: $s)',
      ),
      variables: { a: org.ids.agentA2, s: [{ skillId: org.ids.skill, level: 3 }] },
    }),
  },
  {
    name: 'query liveCalls',
    allowed: ALL,
    request: () => ({ query: '{ r: liveCalls { callId phase waitS } }' }),
  },
  {
    name: 'subscription agentEvents of the own agent',
    allowed: ALL,
    subscription: true,
    request: ({ org }) => ({
      query:
        'subscription($a: ID) { r: agentEvents(agentId: $a) { __typename ... on AgentStateChange { to } } }',
      variables: { a: org.ids.agentA1 },
    }),
  },
  {
    name: 'subscription agentEvents of another agent of line A',
    allowed: CONFIG_READ,
    subscription: true,
    request: ({ org }) => ({
      query: 'subscription($a: ID) { r: agentEvents(agentId: $a) { __typename } }',
      variables: { a: org.ids.agentA2 },
    }),
  },
  {
    name: 'subscription agentEvents of an agent of line B',
    allowed: ['admin'],
    subscription: true,
    request: ({ org }) => ({
      query: 'subscription($a: ID) { r: agentEvents(agentId: $a) { __typename } }',
      variables: { a: org.ids.agentB1 },
    }),
  },
  {
    name: 'subscription queueStats',
    allowed: CONFIG_READ,
    subscription: true,
    request: () => ({ query: 'subscription { r: queueStats { waiting } }' }),
  },
  {
    name: "subscription queueStats of line B's queue",
    allowed: ['admin'],
    subscription: true,
    request: ({ org }) => ({
      query: 'subscription($q: ID) { r: queueStats(queueId: $q) { waiting } }',
      variables: { q: org.ids.queueB },
    }),
  },
  {
    name: 'subscription callEvents',
    allowed: ALL,
    subscription: true,
    request: () => ({ query: 'subscription { r: callEvents { callId to } }' }),
  },
  {
    name: 'query callbacks',
    allowed: ALL,
    request: () => ({ query: '{ r: callbacks { edges { node { id number status } } } }' }),
  },
  {
    name: 'requestCallback for a queue of line A',
    allowed: ['admin', 'supervisor', 'agent'],
    request: ({ api, org, n }) => ({
      query: mutation(
        '$q: ID!, $n: String!, $d: DateTime',
        'requestCallback(queueId: $q, number: $n, dueAt: $d)',
      ),
      // Due later: nothing is dialled (and no call record written) whoever is logged in.
      variables: {
        q: org.ids.queueA,
        n: `+3361299${String(n).padStart(4, '0')}`,
        d: new Date(api.clock.now() + 3_600_000),
      },
    }),
  },
  {
    name: 'requestCallback for a queue of line B',
    allowed: ['admin'],
    request: ({ api, org, n }) => ({
      query: mutation(
        '$q: ID!, $n: String!, $d: DateTime',
        'requestCallback(queueId: $q, number: $n, dueAt: $d)',
      ),
      // Due later: nothing is dialled (and no call record written) whoever is logged in.
      variables: {
        q: org.ids.queueB,
        n: `+1212555${String(n).padStart(4, '0')}`,
        d: new Date(api.clock.now() + 3_600_000),
      },
    }),
  },
  {
    name: 'cancelCallback of a queue of line A',
    allowed: ['admin', 'supervisor', 'agent'],
    request: async ({ api, org, n }) => {
      // Due later, so it is still pending whoever is logged in.
      const task = await api.services.callbacks.request(api.admin, {
        queueId: org.raw.queueA.id,
        number: `+3361288${String(n).padStart(4, '0')}`,
        dueAt: api.clock.now() + 3_600_000,
      });
      return {
        query: mutation('$id: ID!', 'cancelCallback(id: $id)'),
        variables: { id: encodeGlobalID('Callback', task.id) },
      };
    },
  },
  {
    name: 'Queue.callbackSettings',
    allowed: CONFIG_READ,
    request: ({ org }) => ({
      query:
        'query($id: ID!) { r: node(id: $id) { ... on Queue { callbackSettings { enabled offerKey } } } }',
      variables: { id: org.ids.queueA },
    }),
  },
  {
    name: 'setQueueCallbackSettings',
    allowed: CONFIG_WRITE,
    request: ({ org, n }) => ({
      query: mutation(
        '$q: ID!, $i: QueueCallbackSettingsInput!',
        'setQueueCallbackSettings(queueId: $q, input: $i)',
      ),
      variables: { q: org.ids.queueA, i: { afterAbandonS: n % 60 } },
    }),
  },
  {
    name: 'Queue.acdSettings',
    allowed: CONFIG_READ,
    request: ({ org }) => ({
      query:
        'query($id: ID!) { r: node(id: $id) { ... on Queue { acdSettings { weight overflow { onMaxWait { kind } } sticky { holdS } } } } }',
      variables: { id: org.ids.queueA },
    }),
  },
  {
    name: 'updateQueue with acdSettings',
    allowed: CONFIG_WRITE,
    request: ({ org, n }) => ({
      query: mutation('$id: ID!, $i: QueuePatch!', 'updateQueue(id: $id, input: $i)'),
      variables: {
        id: org.ids.queueA,
        i: { acdSettings: { weight: n % 100, sticky: { holdS: 30 } } },
      },
    }),
  },
  {
    name: 'query didRoutes',
    allowed: CONFIG_READ,
    request: () => ({
      query: '{ r: didRoutes { edges { node { id did trunk target { kind queue { id } } } } } }',
    }),
  },
  {
    name: 'createDidRoute',
    allowed: CONFIG_WRITE,
    request: ({ org, n }) => ({
      query: mutation('$i: DidRouteInput!', 'createDidRoute(input: $i)'),
      variables: {
        i: {
          businessLineId: org.ids.lineA,
          did: `4470${n}`,
          target: { kind: 'QUEUE', queueId: org.ids.queueA },
        },
      },
    }),
  },
  ...(['updateDidRoute', 'deleteDidRoute'] as const).map(
    (name): Operation => ({
      name,
      allowed: CONFIG_WRITE,
      request: async ({ api, org, n }) => {
        const route = await api.services.didRoutes.create(api.admin, {
          businessLineId: org.raw.lineA.id,
          did: `4480${n}`,
          target: { kind: 'ivr', flowId: 'menu' },
        });
        const id = encodeGlobalID('DidRoute', route.id);
        return name === 'updateDidRoute'
          ? {
              query: mutation('$id: ID!, $i: DidRoutePatch!', 'updateDidRoute(id: $id, input: $i)'),
              variables: { id, i: { trunk: 'branch' } },
            }
          : {
              query:
                'mutation($id: ID!) { r: deleteDidRoute(id: $id) { __typename ... on Problem { code } } }',
              variables: { id },
            };
      },
    }),
  ),
  {
    name: 'node: a DID route of line B',
    allowed: ['admin'],
    request: async ({ api, org, n }) => {
      const route = await api.services.didRoutes.create(api.admin, {
        businessLineId: org.raw.lineB.id,
        did: `4490${n}`,
        target: { kind: 'queue', queueId: org.raw.queueB.id },
      });
      return {
        query: 'query($id: ID!) { r: node(id: $id) { id } }',
        variables: { id: encodeGlobalID('DidRoute', route.id) },
      };
    },
  },
  {
    name: 'query vipCallers',
    allowed: CONFIG_READ,
    request: () => ({
      query: '{ r: vipCallers { edges { node { id number label dedicatedAgents { id } } } } }',
    }),
  },
  {
    name: 'createVipCaller',
    allowed: CONFIG_WRITE,
    request: ({ org, n }) => ({
      query: mutation('$i: VipCallerInput!', 'createVipCaller(input: $i)'),
      variables: {
        i: { businessLineId: org.ids.lineA, number: `+3361200${String(n).padStart(4, '0')}` },
      },
    }),
  },
  ...(['updateVipCaller', 'deleteVipCaller'] as const).map(
    (name): Operation => ({
      name,
      allowed: CONFIG_WRITE,
      request: async ({ api, org, n }) => {
        const vip = await api.services.vipCallers.create(api.admin, {
          businessLineId: org.raw.lineA.id,
          number: `+3361300${String(n).padStart(4, '0')}`,
        });
        const id = encodeGlobalID('VipCaller', vip.id);
        return name === 'updateVipCaller'
          ? {
              query: mutation(
                '$id: ID!, $i: VipCallerPatch!',
                'updateVipCaller(id: $id, input: $i)',
              ),
              variables: { id, i: { label: `VIP ${n}` } },
            }
          : {
              query:
                'mutation($id: ID!) { r: deleteVipCaller(id: $id) { __typename ... on Problem { code } } }',
              variables: { id },
            };
      },
    }),
  ),
  ...CALL_CONTROL_OPERATIONS,
  ...IVR_OPERATIONS,
  ...WEBHOOK_OPERATIONS,
  ...RECORDS_OPERATIONS,
  ...DIALER_OPERATIONS,
];

let api: TestApi;
let org: Org;
test.before(async () => {
  api = await createTestApi();
  org = await buildOrg(api);
});
test.after.always(async () => {
  await api?.close();
});

/**
 * Opens a subscription through yoga's own envelope (auth, masking, limits)
 * and closes it at once: a stream means allowed; a refusal is a result with errors.
 */
async function subscribeOnce(
  query: string,
  variables: Record<string, unknown> | undefined,
  token: string | undefined,
): Promise<GqlResult> {
  const request = new Request('http://callwright.test/graphql', {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const { schema, parse, validate, subscribe, contextFactory } = api.yoga.getEnveloped({
    request,
  });
  const document = parse(query);
  const invalid = validate(schema, document);
  if (invalid.length > 0) throw new Error(`invalid subscription: ${invalid.join('; ')}`);
  const result = (await subscribe({
    schema,
    document,
    variableValues: variables ?? {},
    contextValue: await contextFactory(),
  })) as AsyncIterableIterator<unknown> | GqlResult;
  if (Symbol.asyncIterator in result) {
    await result.return?.();
    return { data: { r: {} } };
  }
  return JSON.parse(JSON.stringify(result)) as GqlResult;
}

/** Denied when auth refused it, the record is invisible, or a Problem says so. */
function outcome(result: GqlResult): 'allowed' | 'denied' {
  const code = result.errors?.[0]?.extensions?.code;
  if (code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' || code === 'NOT_FOUND') return 'denied';
  if (result.errors?.length) throw new Error(`unexpected error: ${JSON.stringify(result.errors)}`);
  const r = result.data?.r as { __typename?: string; code?: string } | null | undefined;
  if (r?.__typename === 'Problem') {
    if (r.code === 'FORBIDDEN' || r.code === 'NOT_FOUND') return 'denied';
    throw new Error(`unexpected problem: ${JSON.stringify(r)}`);
  }
  return 'allowed';
}

/** Global IDs of a connection's nodes. */
function nodeIds(result: GqlResult, field: string): string[] {
  const connection = result.data?.[field] as { edges: Array<{ node: { id: string } }> } | undefined;
  if (!connection) throw new Error(`no ${field} in ${JSON.stringify(result)}`);
  return connection.edges.map((e) => e.node.id);
}

let counter = 0;
for (const op of OPERATIONS) {
  test.serial(`role matrix: ${op.name}`, async (t) => {
    const table: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const caller of CALLERS) {
      counter += 1;
      const { query, variables } = await op.request({ api, org, caller, n: counter });
      const token = org.tokens[caller];
      const result = op.subscription
        ? await subscribeOnce(query, variables, token)
        : await api.gql(query, variables, token);
      table[caller] = outcome(result);
      expected[caller] = op.allowed.includes(caller) ? 'allowed' : 'denied';
    }
    t.deepEqual(table, expected);
  });
}

test.serial('login is open to anonymous callers and checks the password', async (t) => {
  const ok = await api.gql(
    'mutation { r: login(username: "qa-a", password: "correct horse battery") { __typename ... on MutationLoginSuccess { data { token user { username } } } } }',
  );
  t.like(ok.data?.r, { __typename: 'MutationLoginSuccess' });
  const bad = await api.gql(
    'mutation { r: login(username: "qa-a", password: "wrong") { __typename ... on Problem { code } } }',
  );
  t.deepEqual(bad.data?.r, { __typename: 'Problem', code: 'INVALID_CREDENTIALS' });
});

/** The organisation's own calls in a listing (the call-control rows add live calls of agent A1). */
const orgCalls = (ids: string[]) =>
  ids.filter((id) => [org.ids.callA1, org.ids.callA2, org.ids.callB1].includes(id)).sort();

test.serial('an agent reads only its own calls', async (t) => {
  const result = await api.gql(
    '{ calls(first: 200) { edges { node { id agent { id } } } } }',
    {},
    org.tokens.agent,
  );
  const ids = nodeIds(result, 'calls');
  t.deepEqual(orgCalls(ids), [org.ids.callA1]);
  const edges = (result.data?.calls as { edges: Array<{ node: { agent: { id: string } | null } }> })
    .edges;
  t.true(edges.every((e) => e.node.agent?.id === org.ids.agentA1));
});

test.serial("qa reads every call of its business line, not another line's", async (t) => {
  const result = await api.gql(
    '{ calls(first: 200) { edges { node { id } } } }',
    {},
    org.tokens.qa,
  );
  const ids = nodeIds(result, 'calls');
  t.deepEqual(orgCalls(ids), [org.ids.callA1, org.ids.callA2].sort());
});

test.serial("a supervisor cannot manage another business line's queue", async (t) => {
  const result = await api.gql(
    'mutation($id: ID!) { r: updateQueue(id: $id, input: { ringTimeoutS: 5 }) { __typename ... on Problem { code } } }',
    { id: org.ids.queueB },
    org.tokens.supervisor,
  );
  t.is(outcome(result), 'denied');
  t.is((await api.store.queues.get(org.raw.queueB.id))?.ringTimeoutS, org.raw.queueB.ringTimeoutS);
});

test.serial('no field anywhere exposes an API key hash or password hash', (t) => {
  const outputFields = Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) || isInterfaceType(type))
    .flatMap((type) => Object.keys(type.getFields()).map((name) => `${type.name}.${name}`));
  t.deepEqual(
    outputFields.filter((f) => /hash|password|secret/i.test(f.split('.')[1] ?? '')),
    [
      'Mutation.rotateWebhookSecret',
      'Mutation.setPassword',
      'NewApiKey.secret',
      'NewWebhookEndpoint.secret',
    ],
  );
});
