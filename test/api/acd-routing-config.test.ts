/**
 * ACD routing configuration through GraphQL: a queue's ACD settings read
 * and written through the queue type and its mutations (every bad field
 * reported at once, overflow queues checked), the DID routing table and
 * the VIP lists, each change stored, audited and picked up by the running
 * ACD at once.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import { createTestApi, errorCode, errorDetails, field, type TestApi } from '../helpers/api.ts';
import { buildOrg, type Org } from '../helpers/org.ts';

let api: TestApi;
let org: Org;
test.before(async () => {
  api = await createTestApi();
  org = await buildOrg(api);
});
test.after.always(async () => {
  await api?.close();
});

const PROBLEM = '... on Problem { code message fields { path message } }';

const SETTINGS = `acdSettings {
  weight autoPauseAfterMisses reofferAfterS vipHoldS
  relaxation { afterS minLevelDelta maxRequiredLevel }
  overflow {
    onMaxWait { kind queueId number ringTimeoutS ivrFlow cause }
    onMaxLength { kind queueId number cause }
    onNoAgents { kind queueId number ivrFlow }
    maxHops
  }
  announcements { firstAfterS everyS position expectedWait }
  sticky { enabled holdS memoryS }
}`;

const UPDATE = `mutation($id: ID!, $i: QueuePatch!) { r: updateQueue(id: $id, input: $i) {
  __typename ${PROBLEM} ... on MutationUpdateQueueSuccess { data { id ${SETTINGS} } }
} }`;

type Settings = Record<string, unknown> & { overflow: Record<string, unknown> };

test.serial('a queue without stored settings shows the defaults', async (t) => {
  const result = await api.gql(
    `query($id: ID!) { node(id: $id) { ... on Queue { ${SETTINGS} } } }`,
    { id: org.ids.queueA },
    api.adminKey,
  );
  const settings = field<{ acdSettings: Settings }>(result, 'node').acdSettings;
  t.like(settings, {
    weight: 0,
    autoPauseAfterMisses: 3,
    vipHoldS: 30,
    relaxation: [],
    announcements: { firstAfterS: 15, everyS: 45, position: true, expectedWait: true },
    sticky: { enabled: true, holdS: 20 },
  });
  t.like(settings.overflow, {
    onMaxWait: { kind: 'HANGUP', cause: 19, queueId: null },
    onNoAgents: null,
    maxHops: 3,
  });
});

test.serial(
  'settings are changed through updateQueue, merged with what is stored, and audited',
  async (t) => {
    const other = await api.services.queues.create(api.admin, {
      businessLineId: org.raw.lineA.id,
      name: 'Overflow A',
    });
    const otherGid = { id: encodeGlobalID('Queue', other.id) };
    const first = await api.gql(
      UPDATE,
      {
        id: org.ids.queueA,
        i: {
          acdSettings: {
            weight: 5,
            relaxation: [{ afterS: 60, maxRequiredLevel: 2 }],
            overflow: {
              onMaxWait: { kind: 'QUEUE', queueId: otherGid.id },
              onNoAgents: { kind: 'EXTERNAL', number: '06 12 34 56 70', ringTimeoutS: 20 },
            },
            sticky: { holdS: 45 },
          },
        },
      },
      api.adminKey,
    );
    const settings = field<{ data: { acdSettings: Settings } }>(first, 'r').data.acdSettings;
    t.like(settings, { weight: 5, sticky: { enabled: true, holdS: 45 } });
    t.deepEqual(settings.relaxation, [{ afterS: 60, minLevelDelta: 0, maxRequiredLevel: 2 }]);
    t.like(settings.overflow, {
      onMaxWait: { kind: 'QUEUE', queueId: otherGid.id },
      // A national number is read in the business line's country (FR).
      onNoAgents: { kind: 'EXTERNAL', number: '+33612345670' },
    });
    const second = await api.gql(
      UPDATE,
      { id: org.ids.queueA, i: { acdSettings: { overflow: { onNoAgents: null }, vipHoldS: 5 } } },
      api.adminKey,
    );
    const merged = field<{ data: { acdSettings: Settings } }>(second, 'r').data.acdSettings;
    t.like(merged, { weight: 5, vipHoldS: 5, sticky: { holdS: 45 } }, 'what was not given stays');
    t.like(merged.overflow, { onMaxWait: { kind: 'QUEUE' }, onNoAgents: null });
    const audit = await api.store.audit.list(
      { entity: 'Queue', entityId: org.raw.queueA.id },
      { offset: 0, limit: 10 },
    );
    t.true(audit.some((e) => e.action === 'queue.acdSettings'));
  },
);

test.serial('bad settings are refused with every bad field, and nothing is written', async (t) => {
  const result = await api.gql(
    UPDATE,
    {
      id: org.ids.queueA,
      i: {
        acdSettings: {
          weight: 500,
          reofferAfterS: -1,
          overflow: { onMaxWait: { kind: 'QUEUE' }, onMaxLength: { kind: 'VOICEMAIL' } },
        },
      },
    },
    api.adminKey,
  );
  t.is(errorCode(result), 'VALIDATION_FAILED');
  const paths = errorDetails<{ fields: { path: string }[] }>(result).fields.map((f) => f.path);
  for (const suffix of [
    'acdSettings.weight',
    'acdSettings.reofferAfterS',
    'onMaxWait.queueId',
    'onMaxLength.ivrFlow',
  ]) {
    t.true(
      paths.some((p) => p.endsWith(suffix)),
      `${suffix} in ${paths.join(', ')}`,
    );
  }
  const crossLine = await api.gql(
    UPDATE,
    {
      id: org.ids.queueA,
      i: {
        ringTimeoutS: 42,
        acdSettings: {
          overflow: {
            onMaxWait: { kind: 'QUEUE', queueId: org.ids.queueB },
            onMaxLength: { kind: 'EXTERNAL', number: 'not a number' },
          },
        },
      },
    },
    api.adminKey,
  );
  const problem = field<{ __typename: string; code: string; fields: { path: string }[] }>(
    crossLine,
    'r',
  );
  t.is(problem.code, 'VALIDATION_FAILED');
  t.deepEqual(problem.fields.map((f) => f.path).sort(), [
    'acdSettings.overflow.onMaxLength.number',
    'acdSettings.overflow.onMaxWait.queueId',
  ]);
  t.not((await api.store.queues.get(org.raw.queueA.id))?.ringTimeoutS, 42, 'nothing was written');
});

const ROUTE =
  'id did trunk businessLine { name } target { kind queue { name } agent { name } ivrFlow }';
const CREATE_ROUTE = `mutation($i: DidRouteInput!) { r: createDidRoute(input: $i) {
  __typename ${PROBLEM} ... on MutationCreateDidRouteSuccess { data { ${ROUTE} } }
} }`;

test.serial(
  'DID routes: created, listed, changed and deleted; the ACD routes with them at once',
  async (t) => {
    const created = await api.gql(
      CREATE_ROUTE,
      {
        i: {
          businessLineId: org.ids.lineA,
          did: '33170009999',
          target: { kind: 'QUEUE', queueId: org.ids.queueA },
        },
      },
      api.adminKey,
    );
    const route = field<{ data: { id: string } & Record<string, unknown> }>(created, 'r').data;
    t.like(route, {
      did: '33170009999',
      trunk: null,
      target: { kind: 'QUEUE', queue: { name: org.raw.queueA.name }, agent: null },
    });
    // The running ACD routes the new number at once.
    api.acd.runtime.handle({
      type: 'inbound-entered',
      channelId: 'route-1',
      channelName: 'PJSIP/trunk-00000001',
      ani: '+33612345678',
      dnis: '33170009999',
      trunk: 'trunk',
      queueId: null,
    });
    t.is(api.acd.runtime.callView('route-1')?.queueId, org.raw.queueA.id);

    const dup = await api.gql(
      CREATE_ROUTE,
      {
        i: {
          businessLineId: org.ids.lineA,
          did: '33170009999',
          target: { kind: 'IVR', ivrFlow: 'menu' },
        },
      },
      api.adminKey,
    );
    t.like(field(dup, 'r'), { code: 'DUPLICATE' });
    const onTrunk = await api.gql(
      CREATE_ROUTE,
      {
        i: {
          businessLineId: org.ids.lineA,
          did: '33170009999',
          trunk: 'branch',
          target: { kind: 'AGENT', agentId: org.ids.agentA2 },
        },
      },
      api.adminKey,
    );
    t.like(field<{ data: unknown }>(onTrunk, 'r').data, {
      trunk: 'branch',
      target: { kind: 'AGENT', agent: { name: org.raw.agentA2.name } },
    });

    const changed = await api.gql(
      `mutation($id: ID!, $i: DidRoutePatch!) { r: updateDidRoute(id: $id, input: $i) { __typename ${PROBLEM} ... on MutationUpdateDidRouteSuccess { data { ${ROUTE} } } } }`,
      { id: route.id, i: { target: { kind: 'IVR', ivrFlow: 'night-menu' } } },
      api.adminKey,
    );
    t.like(field<{ data: unknown }>(changed, 'r').data, {
      target: { kind: 'IVR', ivrFlow: 'night-menu', queue: null },
    });
    const listed = await api.gql(
      '{ didRoutes { edges { node { did trunk } } } }',
      {},
      api.adminKey,
    );
    t.deepEqual(
      (listed.data?.didRoutes as { edges: { node: unknown }[] }).edges.map((e) => e.node),
      [
        { did: '33170009999', trunk: null },
        { did: '33170009999', trunk: 'branch' },
      ],
    );
    const deleted = await api.gql(
      'mutation($id: ID!) { r: deleteDidRoute(id: $id) { __typename ... on MutationDeleteDidRouteSuccess { data } } }',
      { id: route.id },
      api.adminKey,
    );
    t.like(field(deleted, 'r'), { data: route.id });
    const left = await api.store.didRoutes.list(
      { businessLineIds: [org.raw.lineA.id] },
      { offset: 0, limit: 10 },
    );
    t.deepEqual(
      left.map((r) => r.trunk),
      ['branch'],
    );
  },
);

test.serial(
  'DID routes refuse bad numbers, missing targets and targets of another line',
  async (t) => {
    const bad = await api.gql(
      CREATE_ROUTE,
      {
        i: {
          businessLineId: org.ids.lineA,
          did: '33-17',
          trunk: 'no spaces',
          target: { kind: 'QUEUE' },
        },
      },
      api.adminKey,
    );
    t.is(errorCode(bad), 'VALIDATION_FAILED');
    const paths = errorDetails<{ fields: { path: string }[] }>(bad).fields.map((f) => f.path);
    for (const suffix of ['did', 'trunk', 'target.queueId']) {
      t.true(
        paths.some((p) => p.endsWith(suffix)),
        `${suffix} in ${paths.join(', ')}`,
      );
    }
    const otherLine = await api.gql(
      CREATE_ROUTE,
      {
        i: {
          businessLineId: org.ids.lineA,
          did: '33170008888',
          target: { kind: 'QUEUE', queueId: org.ids.queueB },
        },
      },
      api.adminKey,
    );
    t.like(field(otherLine, 'r'), {
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'target.queueId' }],
    });
  },
);

const CREATE_VIP = `mutation($i: VipCallerInput!) { r: createVipCaller(input: $i) {
  __typename ${PROBLEM} ... on MutationCreateVipCallerSuccess { data { id number label dedicatedAgents { name } } }
} }`;

test.serial(
  'VIP callers: numbers normalised, blocks kept, dedicated agents of the line only',
  async (t) => {
    const named = await api.gql(
      CREATE_VIP,
      {
        i: {
          businessLineId: org.ids.lineA,
          number: '06 98 76 54 30',
          label: 'Mme Dupont',
          dedicatedAgentIds: [org.ids.agentA1],
        },
      },
      api.adminKey,
    );
    const vip = field<{ data: { id: string } }>(named, 'r').data;
    t.like(vip, {
      number: '+33698765430',
      label: 'Mme Dupont',
      dedicatedAgents: [{ name: org.raw.agentA1.name }],
    });
    const block = await api.gql(
      CREATE_VIP,
      { i: { businessLineId: org.ids.lineA, number: '+3314*', label: 'Head office' } },
      api.adminKey,
    );
    t.like(field<{ data: unknown }>(block, 'r').data, { number: '+3314*', dedicatedAgents: [] });
    const wrong = await api.gql(
      CREATE_VIP,
      {
        i: {
          businessLineId: org.ids.lineA,
          number: 'nonsense',
          dedicatedAgentIds: [org.ids.agentB1],
        },
      },
      api.adminKey,
    );
    t.like(field(wrong, 'r'), { code: 'VALIDATION_FAILED' });
    t.deepEqual(
      field<{ fields: { path: string }[] }>(wrong, 'r')
        .fields.map((f) => f.path)
        .sort(),
      ['dedicatedAgentIds.0', 'number'],
    );
    const changed = await api.gql(
      `mutation($id: ID!, $i: VipCallerPatch!) { r: updateVipCaller(id: $id, input: $i) { __typename ${PROBLEM} ... on MutationUpdateVipCallerSuccess { data { number label dedicatedAgents { name } } } } }`,
      { id: vip.id, i: { dedicatedAgentIds: [org.ids.agentA2, org.ids.agentA1] } },
      api.adminKey,
    );
    t.like(field<{ data: unknown }>(changed, 'r').data, {
      number: '+33698765430',
      dedicatedAgents: [{ name: org.raw.agentA2.name }, { name: org.raw.agentA1.name }],
    });
    const listed = await api.gql('{ vipCallers { edges { node { number } } } }', {}, api.adminKey);
    t.deepEqual(
      (listed.data?.vipCallers as { edges: { node: { number: string } }[] }).edges.map(
        (e) => e.node.number,
      ),
      ['+3314*', '+33698765430'],
    );
  },
);
