/**
 * Managing the directory through GraphQL: CRUD, validation with field-level
 * messages, duplicates, E.164 normalisation, nothing half-written, audit.
 */
import test from 'ava';
import { createTestApi, errorCode, errorDetails, field, type TestApi } from '../helpers/api.ts';
import { buildOrg, type Org } from '../helpers/org.ts';

let api: TestApi;
let org: Org;
let admin: string;
test.before(async () => {
  api = await createTestApi();
  org = await buildOrg(api);
  admin = api.adminKey;
});
test.after.always(async () => {
  await api?.close();
});

const CREATE_QUEUE = `mutation($i: QueueInput!) { r: createQueue(input: $i) {
  __typename
  ... on Problem { code message fields { path message } details }
  ... on MutationCreateQueueSuccess { data { id name strategy ringTimeoutS maxWaitS requiredSkills { skill { name } minLevel } businessLine { name } } }
} }`;

test.serial('a queue is created with defaults, read back, updated and deleted', async (t) => {
  const created = await api.gql(
    CREATE_QUEUE,
    {
      i: {
        businessLineId: org.ids.lineA,
        name: '  Returns  ',
        strategy: 'SKILLS_BASED',
        requiredSkills: [{ skillId: org.ids.skill, minLevel: 3 }],
      },
    },
    admin,
  );
  const queue = field<{ data: Record<string, unknown> }>(created, 'r').data;
  t.like(queue, {
    name: 'Returns',
    strategy: 'SKILLS_BASED',
    ringTimeoutS: 15,
    maxWaitS: null,
    businessLine: { name: 'Line A' },
    requiredSkills: [{ skill: { name: 'french' }, minLevel: 3 }],
  });

  const updated = await api.gql(
    'mutation($id: ID!) { r: updateQueue(id: $id, input: { maxWaitS: 120, strategy: RING_ALL }) { ... on MutationUpdateQueueSuccess { data { maxWaitS strategy name } } } }',
    { id: queue.id },
    admin,
  );
  t.deepEqual(updated.data?.r, { data: { maxWaitS: 120, strategy: 'RING_ALL', name: 'Returns' } });

  const cleared = await api.gql(
    'mutation($id: ID!) { r: updateQueue(id: $id, input: { maxWaitS: null }) { ... on MutationUpdateQueueSuccess { data { maxWaitS strategy } } } }',
    { id: queue.id },
    admin,
  );
  t.deepEqual(cleared.data?.r, { data: { maxWaitS: null, strategy: 'RING_ALL' } });

  const deleted = await api.gql(
    'mutation($id: ID!) { r: deleteQueue(id: $id) { ... on MutationDeleteQueueSuccess { data } } }',
    { id: queue.id },
    admin,
  );
  t.deepEqual(deleted.data?.r, { data: queue.id });
  const after = await api.gql('query($id: ID!) { node(id: $id) { id } }', { id: queue.id }, admin);
  t.is(errorCode(after), 'NOT_FOUND');
});

test.serial('schema validation names each bad field and writes nothing', async (t) => {
  const before = (await api.store.queues.list({}, { offset: 0, limit: 1000 })).length;
  const result = await api.gql(
    CREATE_QUEUE,
    { i: { businessLineId: org.ids.lineA, name: '', ringTimeoutS: 0, serviceLevelTarget: 1.5 } },
    admin,
  );
  t.is(errorCode(result), 'VALIDATION_FAILED');
  const fields = errorDetails<{ fields: Array<{ path: string }> }>(result)
    .fields.map((f) => f.path)
    .sort();
  t.deepEqual(fields, ['input.name', 'input.ringTimeoutS', 'input.serviceLevelTarget']);
  t.is((await api.store.queues.list({}, { offset: 0, limit: 1000 })).length, before);
});

test.serial(
  'a duplicate queue name in the same business line is a DUPLICATE problem',
  async (t) => {
    const result = await api.gql(
      CREATE_QUEUE,
      { i: { businessLineId: org.ids.lineA, name: 'Queue A' } },
      admin,
    );
    t.like(result.data?.r, { __typename: 'Problem', code: 'DUPLICATE' });
    // The same name in another business line is fine.
    const other = await api.gql(
      CREATE_QUEUE,
      { i: { businessLineId: org.ids.lineB, name: 'Queue A' } },
      admin,
    );
    t.like(other.data?.r, { __typename: 'MutationCreateQueueSuccess' });
  },
);

test.serial('a duplicate extension is refused and the audit log gets nothing', async (t) => {
  const auditBefore = (await api.store.audit.list({}, { offset: 0, limit: 10_000 })).length;
  const result = await api.gql(
    'mutation($i: AgentInput!) { r: createAgent(input: $i) { __typename ... on Problem { code details } } }',
    { i: { businessLineId: org.ids.lineA, name: 'Copy', extension: '2001' } },
    admin,
  );
  t.like(result.data?.r, {
    __typename: 'Problem',
    code: 'DUPLICATE',
    details: { field: 'extension' },
  });
  t.is((await api.store.audit.list({}, { offset: 0, limit: 10_000 })).length, auditBefore);
});

test.serial('contact phone numbers are stored in E.164, read in the line country', async (t) => {
  const result = await api.gql(
    'mutation($i: ContactInput!) { r: createContact(input: $i) { __typename ... on MutationCreateContactSuccess { data { phones { number label } } } } }',
    {
      i: {
        businessLineId: org.ids.lineB,
        name: 'NY caller',
        phones: [{ number: '(212) 555-0100', label: 'office' }, { number: '+33 6 12 34 56 78' }],
      },
    },
    admin,
  );
  t.deepEqual(field<{ data: unknown }>(result, 'r').data, {
    phones: [
      { number: '+12125550100', label: 'office' },
      { number: '+33612345678', label: 'main' },
    ],
  });
  const found = await api.gql(
    '{ contacts(phone: "+1 212 555 0100") { edges { node { name } } } }',
    {},
    admin,
  );
  t.deepEqual(found.data?.contacts, { edges: [{ node: { name: 'NY caller' } }] });
});

test.serial('an invalid phone number is refused with the reason', async (t) => {
  const result = await api.gql(
    'mutation($i: ContactInput!) { r: createContact(input: $i) { __typename ... on Problem { code message fields { path } } } }',
    { i: { businessLineId: org.ids.lineA, name: 'Bad', phones: [{ number: '12' }] } },
    admin,
  );
  t.like(result.data?.r, {
    __typename: 'Problem',
    code: 'INVALID_PHONE_NUMBER',
    fields: [{ path: 'phones[0].number' }],
  });
  t.regex(field<{ message: string }>(result, 'r').message, /phones\[0\]/);
});

test.serial('an agent cannot join a queue of another business line', async (t) => {
  const result = await api.gql(
    'mutation($q: ID!, $a: ID!) { r: addQueueMember(queueId: $q, agentId: $a) { __typename ... on Problem { code } } }',
    { q: org.ids.queueA, a: org.ids.agentB1 },
    admin,
  );
  t.like(result.data?.r, { __typename: 'Problem', code: 'CONFLICT' });
});

test.serial(
  'an external agent gets its number normalised; a bad dial string is refused',
  async (t) => {
    const ok = await api.gql(
      'mutation($i: AgentInput!) { r: createAgent(input: $i) { __typename ... on MutationCreateAgentSuccess { data { endpoint reach } } } }',
      {
        i: {
          businessLineId: org.ids.lineA,
          name: 'Mobile',
          extension: '2900',
          reach: 'EXTERNAL',
          endpoint: '06 99 88 77 66',
        },
      },
      admin,
    );
    t.deepEqual(field<{ data: unknown }>(ok, 'r').data, {
      endpoint: '+33699887766',
      reach: 'EXTERNAL',
    });
    const bad = await api.gql(
      'mutation($i: AgentInput!) { r: createAgent(input: $i) { __typename ... on Problem { code fields { path } } } }',
      {
        i: {
          businessLineId: org.ids.lineA,
          name: 'Odd',
          extension: '2901',
          endpoint: 'PJSIP/1 & bad',
        },
      },
      admin,
    );
    t.like(bad.data?.r, {
      __typename: 'Problem',
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'endpoint' }],
    });
  },
);

test.serial('changes are audited with before and after', async (t) => {
  await api.gql(
    'mutation($id: ID!) { updateAgent(id: $id, input: { name: "Agent A1 bis" }) { __typename } }',
    { id: org.ids.agentA1 },
    admin,
  );
  const log = await api.gql(
    'query($id: String) { auditLog(entity: "Agent", entityId: $id, first: 1) { edges { node { action actorName before after } } } }',
    { id: org.raw.agentA1.id },
    admin,
  );
  const entry = field<{
    edges: Array<{
      node: {
        action: string;
        actorName: string;
        before: { name: string };
        after: { name: string };
      };
    }>;
  }>(log, 'auditLog').edges[0]!.node;
  t.is(entry.action, 'agent.update');
  t.is(entry.actorName, 'admin');
  t.is(entry.before.name, 'Agent A1');
  t.is(entry.after.name, 'Agent A1 bis');
});

test.serial('connections page through results with cursors', async (t) => {
  const first = await api.gql(
    '{ agents(first: 2) { edges { cursor node { extension } } pageInfo { hasNextPage endCursor } } }',
    {},
    admin,
  );
  const page1 = first.data?.agents as {
    edges: Array<{ node: { extension: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
  t.is(page1.edges.length, 2);
  t.true(page1.pageInfo.hasNextPage);
  const second = await api.gql(
    'query($after: String) { agents(first: 2, after: $after) { edges { node { extension } } } }',
    { after: page1.pageInfo.endCursor },
    admin,
  );
  const page2 = second.data?.agents as { edges: Array<{ node: { extension: string } }> };
  const seen = [...page1.edges, ...page2.edges].map((e) => e.node.extension);
  t.is(new Set(seen).size, seen.length);
});
