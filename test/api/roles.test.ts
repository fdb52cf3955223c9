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
      const result = await api.gql(query, variables, org.tokens[caller]);
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

test.serial('an agent reads only its own calls', async (t) => {
  const result = await api.gql('{ calls { edges { node { id } } } }', {}, org.tokens.agent);
  const ids = nodeIds(result, 'calls');
  t.deepEqual(ids, [org.ids.callA1]);
});

test.serial("qa reads every call of its business line, not another line's", async (t) => {
  const result = await api.gql('{ calls { edges { node { id } } } }', {}, org.tokens.qa);
  const ids = nodeIds(result, 'calls').sort();
  t.deepEqual(ids, [org.ids.callA1, org.ids.callA2].sort());
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
    ['Mutation.setPassword', 'NewApiKey.secret'],
  );
});
