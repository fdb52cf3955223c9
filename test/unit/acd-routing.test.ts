import test from 'ava';
import {
  type CompiledRoutes,
  compileRoutes,
  outboundGroups,
  type RoutingErrorCode,
  type RoutingTable,
  route,
} from '../../src/domain/acd/routing.ts';

const table: RoutingTable = {
  routes: [
    { did: '+33155550100', businessLineId: 'sales', target: { kind: 'queue', queueId: 'q-sales' } },
    { did: '+33155550101', businessLineId: 'sales', target: { kind: 'agent', agentId: 'alice' } },
    { did: '+33155550*', businessLineId: 'sales', target: { kind: 'ivr', flowId: 'sales-menu' } },
    {
      did: '+331555502*',
      businessLineId: 'support',
      target: { kind: 'queue', queueId: 'q-support' },
    },
    {
      did: '+33155550200',
      businessLineId: 'support',
      target: { kind: 'ivr', flowId: 'support-menu' },
    },
  ],
  trunkGroups: [
    {
      id: 'tg-sales',
      businessLineId: 'sales',
      trunks: ['trunk-s1', 'trunk-s2'],
      fallback: { kind: 'queue', queueId: 'q-sales' },
    },
    { id: 'tg-support', businessLineId: 'support', trunks: ['trunk-p1'], fallback: null },
    { id: 'tg-shared', businessLineId: null, trunks: ['trunk-any'], fallback: null },
  ],
};

function compiled(): CompiledRoutes {
  const r = compileRoutes(table);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.routes;
}

const cases: [string, string, string, unknown][] = [
  [
    'exact DID to a queue',
    '+33155550100',
    'trunk-s1',
    {
      target: { kind: 'queue', queueId: 'q-sales' },
      businessLineId: 'sales',
      trunkGroupId: 'tg-sales',
    },
  ],
  [
    'exact DID straight to an agent',
    '+33155550101',
    'trunk-s2',
    { target: { kind: 'agent', agentId: 'alice' }, businessLineId: 'sales' },
  ],
  [
    'number block by prefix to an IVR',
    '+33155550177',
    'trunk-s1',
    { target: { kind: 'ivr', flowId: 'sales-menu' } },
  ],
  [
    'longest prefix wins',
    '+33155550299',
    'trunk-p1',
    { target: { kind: 'queue', queueId: 'q-support' }, businessLineId: 'support' },
  ],
  [
    'exact beats prefix',
    '+33155550200',
    'trunk-p1',
    { target: { kind: 'ivr', flowId: 'support-menu' } },
  ],
  [
    'shared trunk carries any line',
    '+33155550299',
    'trunk-any',
    { businessLineId: 'support', trunkGroupId: 'tg-shared' },
  ],
  [
    'a trunk in no group is shared by every line',
    '+33155550100',
    'trunk-x',
    { target: { kind: 'queue', queueId: 'q-sales' }, trunkGroupId: 'shared' },
  ],
  [
    'unknown DID on a reserved group: the group fallback',
    '+33999999999',
    'trunk-s1',
    { target: { kind: 'queue', queueId: 'q-sales' }, businessLineId: 'sales' },
  ],
];

for (const [name, did, trunk, expected] of cases) {
  test(`route: ${name}`, (t) => {
    const r = route(compiled(), did, trunk);
    t.true(r.ok);
    t.like(r, expected as Record<string, unknown>);
  });
}

test('a row for the trunk the call came in on wins over the row for any trunk', (t) => {
  const r = compileRoutes({
    routes: [
      { did: '5001', businessLineId: 'sales', target: { kind: 'queue', queueId: 'q-any' } },
      {
        did: '5001',
        trunk: 'branch',
        businessLineId: 'sales',
        target: { kind: 'agent', agentId: 'alice' },
      },
      { did: '6*', businessLineId: 'sales', target: { kind: 'queue', queueId: 'q-6' } },
      {
        did: '6*',
        trunk: 'branch',
        businessLineId: 'sales',
        target: { kind: 'ivr', flowId: 'branch-menu' },
      },
    ],
    trunkGroups: [],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  t.like(route(r.routes, '5001', 'branch'), { target: { kind: 'agent', agentId: 'alice' } });
  t.like(route(r.routes, '5001', 'trunk'), { target: { kind: 'queue', queueId: 'q-any' } });
  t.like(route(r.routes, '6123', 'branch'), { target: { kind: 'ivr', flowId: 'branch-menu' } });
  t.like(route(r.routes, '6123', 'trunk'), { target: { kind: 'queue', queueId: 'q-6' } });
  const dup = compileRoutes({
    routes: [
      {
        did: '5001',
        trunk: 'branch',
        businessLineId: 'sales',
        target: { kind: 'ivr', flowId: 'a' },
      },
      {
        did: '5001',
        trunk: 'branch',
        businessLineId: 'sales',
        target: { kind: 'ivr', flowId: 'b' },
      },
    ],
    trunkGroups: [],
  });
  t.like(dup, { ok: false, errors: [{ code: 'DUPLICATE_ROUTE' }] });
});

const refusals: [string, string, string, RoutingErrorCode][] = [
  ['a sales DID on the support trunk', '+33155550100', 'trunk-p1', 'TRUNK_RESERVED'],
  ['a support DID on a sales trunk', '+33155550250', 'trunk-s1', 'TRUNK_RESERVED'],
  ['an unknown DID without fallback', '+33999999999', 'trunk-p1', 'ROUTE_NOT_FOUND'],
  ['an unknown DID on a shared trunk', '+33999999999', 'trunk-any', 'ROUTE_NOT_FOUND'],
];

for (const [name, did, trunk, code] of refusals) {
  test(`route refuses ${name}: ${code}`, (t) => {
    const r = route(compiled(), did, trunk);
    t.false(r.ok);
    t.is(r.ok ? null : r.error.code, code);
  });
}

test('compile refuses duplicate DIDs, a trunk in two groups and targets in another line', (t) => {
  const bad: RoutingTable = {
    routes: [
      ...table.routes,
      {
        did: '+33155550100',
        businessLineId: 'sales',
        target: { kind: 'queue', queueId: 'q-sales' },
      },
      {
        did: '+33155559999',
        businessLineId: 'sales',
        target: { kind: 'queue', queueId: 'q-support' },
      },
      { did: '+33155558888', businessLineId: 'sales', target: { kind: 'agent', agentId: 'bob' } },
    ],
    trunkGroups: [
      ...table.trunkGroups,
      { id: 'tg-dup', businessLineId: 'sales', trunks: ['trunk-p1'], fallback: null },
    ],
  };
  const owners = {
    queues: new Map([
      ['q-sales', 'sales'],
      ['q-support', 'support'],
    ]),
    agents: new Map([
      ['alice', 'sales'],
      ['bob', 'support'],
    ]),
  };
  const r = compileRoutes(bad, owners);
  t.false(r.ok);
  t.deepEqual(r.ok ? [] : r.errors.map((e) => e.code).sort(), [
    'DUPLICATE_ROUTE',
    'TARGET_CROSSES_BUSINESS_LINE',
    'TARGET_CROSSES_BUSINESS_LINE',
    'TRUNK_IN_TWO_GROUPS',
  ]);
  t.true(compileRoutes(table, owners).ok);
});

test('a line dials out only on its own trunk groups, then shared ones', (t) => {
  t.deepEqual(
    outboundGroups(compiled(), 'sales').map((g) => g.id),
    ['tg-sales', 'tg-shared'],
  );
  t.deepEqual(
    outboundGroups(compiled(), 'support').map((g) => g.id),
    ['tg-support', 'tg-shared'],
  );
  t.deepEqual(
    outboundGroups(compiled(), 'other').map((g) => g.id),
    ['tg-shared'],
  );
});
