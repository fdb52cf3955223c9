// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
/**
 * The IVR's GraphQL API over a real database: flow drafts, validation with
 * every issue, immutable versions, publish and roll back, testIvrFlow with
 * scripted input at a chosen time, schedules (DST, holidays), the firewall
 * lists, DID routes, and per-node statistics.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import { createTestApi, type GqlResult, type TestApi } from '../helpers/api.ts';

let api: TestApi;
let line: string;
let lineId: string;
test.before(async () => {
  api = await createTestApi();
  const l = await api.services.businessLines.create(api.admin, {
    name: 'Acme',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
  lineId = l.id;
  line = encodeGlobalID('BusinessLine', l.id);
  const queue = await api.services.queues.create(api.admin, {
    businessLineId: l.id,
    name: 'Sales',
  });
  await api.services.ivr.voicemail.createMailbox(api.admin, {
    businessLineId: l.id,
    key: 'messages',
    name: 'Messages',
    queueId: queue.id,
  });
  await api.services.ivr.schedules.create(api.admin, l.id, {
    id: 'office',
    timezone: 'Europe/Paris',
    week: { mon: [{ from: '08:00', to: '18:00' }], tue: [{ from: '08:00', to: '18:00' }] },
  });
  await api.services.ivr.firewall.add(api.admin, {
    businessLineId: l.id,
    list: 'block',
    match: 'number',
    value: '06 12 34 56 78',
  });
});
test.after.always(async () => {
  await api?.close();
});

const gql = (query: string, variables: Record<string, unknown> = {}) =>
  api.gql(query, variables, api.adminKey);
const data = <T>(r: GqlResult, name = 'r'): T => {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data?.[name] as T;
};

/** A flow with a menu, a schedule, a lookup spoken by TTS, voicemail at night. */
const flowDoc = (key: string, extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  id: key,
  name: key,
  ttsEngine: 'flite',
  start: 'fw',
  nodes: {
    fw: { type: 'firewall', rejectPrompt: 'rejected', next: 'hours' },
    hours: { type: 'schedule', scheduleId: 'office', periods: { open: 'main', rest: 'vm' } },
    main: { type: 'menu', prompt: 'menu', options: { '1': 'ask', '2': 'q' }, onExhausted: 'q' },
    ask: { type: 'collect', prompt: 'id', maxLength: 6, into: 'id', next: 'look', onInvalid: 'q' },
    look: {
      type: 'lookup',
      url: 'https://crm.example.com/balance/${id}',
      results: { balance: '$.balance' },
      next: 'say',
      onError: 'q',
    },
    say: { type: 'say', kind: 'tts', value: 'Your balance is ${balance} euros.', next: 'q' },
    vm: { type: 'voicemail', mailboxId: 'messages', next: 'bye' },
    bye: { type: 'hangup' },
    q: { type: 'queue', queueId: 'Sales' },
    ...extra,
  },
});

const CREATE = `mutation($i: IvrFlowInput!) { r: createIvrFlow(input: $i) { __typename
  ... on MutationCreateIvrFlowSuccess { data { id key activeVersion draftValidation { ok depth errors { code nodeId field message } warnings { code nodeId } } } }
  ... on Problem { code message } } }`;
const PUBLISH = `mutation($id: ID!, $note: String) { r: publishIvrFlow(id: $id, note: $note) { __typename
  ... on MutationPublishIvrFlowSuccess { data { version note active } }
  ... on Problem { code message fields { path message } details } } }`;

async function createFlow(document: unknown) {
  const r = data<{
    data: {
      id: string;
      draftValidation: {
        ok: boolean;
        errors: Array<{ code: string; nodeId: string | null }>;
        warnings: unknown[];
      };
    };
  }>(await gql(CREATE, { i: { businessLineId: line, name: 'Flow', document } }));
  return r.data;
}

test('a broken draft is stored, every problem listed with its node, and publishing it is refused', async (t) => {
  const broken = flowDoc('broken', {
    main: { type: 'menu', options: { '1': 'nowhere' }, onExhausted: 'q' },
    odd: { type: 'teleport' },
    lost: { type: 'play', prompt: 'x', next: 'q' },
  });
  const flow = await createFlow(broken);
  const codes = flow.draftValidation.errors.map((e) => `${e.code} ${e.nodeId}`).sort();
  t.deepEqual(codes, ['DANGLING_EDGE main', 'MISSING_PROMPT main', 'UNKNOWN_NODE_TYPE odd']);
  t.false(flow.draftValidation.ok);
  const problem = data<{
    code: string;
    details: { issues: unknown[] };
    fields: Array<{ path: string }>;
  }>(await gql(PUBLISH, { id: flow.id }));
  t.is(problem.code, 'VALIDATION_FAILED');
  t.is(problem.details.issues.length, 3);
  t.true(problem.fields.some((f) => f.path === 'document.nodes.main.options.1'));
});

test('publishing makes immutable versions; rollback points new calls at an earlier one', async (t) => {
  const flow = await createFlow(flowDoc('versions'));
  t.like(data(await gql(PUBLISH, { id: flow.id, note: 'first' })), {
    data: { version: 1, active: true },
  });
  const edited = flowDoc('versions', { bye: { type: 'hangup', prompt: 'goodbye' } });
  const update = await gql(
    'mutation($id: ID!, $d: JSON!) { r: updateIvrFlow(id: $id, input: { document: $d }) { __typename } }',
    { id: flow.id, d: edited },
  );
  t.like(data(update), { __typename: 'MutationUpdateIvrFlowSuccess' });
  t.like(data(await gql(PUBLISH, { id: flow.id, note: 'goodbye prompt' })), {
    data: { version: 2 },
  });
  const rolled = await gql(
    'mutation($id: ID!) { r: rollbackIvrFlow(id: $id, version: 1) { ... on MutationRollbackIvrFlowSuccess { data { activeVersion latestVersion versions { version active note document } } } } }',
    { id: flow.id },
  );
  const f = data<{
    data: {
      activeVersion: number;
      latestVersion: number;
      versions: Array<{ version: number; active: boolean; note: string; document: unknown }>;
    };
  }>(rolled).data;
  t.is(f.activeVersion, 1);
  t.is(f.latestVersion, 2);
  t.deepEqual(
    f.versions.map((v) => [v.version, v.active, v.note]),
    [
      [2, false, 'goodbye prompt'],
      [1, true, 'first'],
    ],
  );
  t.deepEqual(f.versions[1]?.document, flowDoc('versions'));
  const renamed = await gql(
    'mutation($id: ID!, $d: JSON!) { r: updateIvrFlow(id: $id, input: { document: $d }) { __typename ... on Problem { code message } } }',
    { id: flow.id, d: flowDoc('other-key') },
  );
  t.like(data(renamed), { __typename: 'Problem', code: 'VALIDATION_FAILED' });
});

test('validation names queues, schedules and mailboxes that do not exist in the line', async (t) => {
  const doc = flowDoc('refs', {
    hours: { type: 'schedule', scheduleId: 'night-shift', periods: { open: 'main', rest: 'vm' } },
    vm: { type: 'voicemail', mailboxId: 'nobody', next: 'bye' },
    q: { type: 'queue', queueId: 'Nowhere' },
  });
  const r = data<{ ok: boolean; errors: Array<{ code: string; nodeId: string; field: string }> }>(
    await gql(
      'query($l: ID!, $d: JSON!) { r: validateIvrFlow(businessLineId: $l, document: $d) { ok errors { code nodeId field } } }',
      { l: line, d: doc },
    ),
  );
  t.false(r.ok);
  t.deepEqual(
    r.errors.map((e) => `${e.code} ${e.nodeId}.${e.field}`),
    [
      'UNKNOWN_REFERENCE hours.scheduleId',
      'UNKNOWN_REFERENCE vm.mailboxId',
      'UNKNOWN_REFERENCE q.queueId',
    ],
  );
});

const TEST = `query($i: IvrFlowTestInput!) { r: testIvrFlow(input: $i) {
  visited actions last truncated unused variables path { nodeId event detail } } }`;

test('testIvrFlow runs the draft with scripted input at the time given, with the line’s schedule and firewall', async (t) => {
  const flow = await createFlow(flowDoc('tested'));
  const day = data<{
    visited: string[];
    actions: Array<{ type: string; value?: string }>;
    last: { type: string; queueId: string };
  }>(
    await gql(TEST, {
      i: {
        flowId: flow.id,
        at: '2026-11-23T09:00:00Z',
        digits: ['1', '123456'],
        script: [{ lookupStatus: 200, lookupBody: { balance: 42 } }],
      },
    }),
  );
  t.deepEqual(day.visited, ['fw', 'hours', 'main', 'ask', 'look', 'say', 'q']);
  t.like(
    day.actions.find((a) => a.type === 'say'),
    { value: 'Your balance is 42 euros.' },
  );
  t.like(day.last, { type: 'to-queue', queueId: 'Sales' });

  const night = data<{ visited: string[]; last: { type: string } }>(
    await gql(TEST, {
      i: { flowId: flow.id, at: '2026-11-23T22:00:00Z', script: [{ recordedS: 20 }] },
    }),
  );
  t.deepEqual(night.visited, ['fw', 'hours', 'vm', 'bye']);

  const blocked = data<{
    visited: string[];
    last: { type: string; cause: number; prompt: string };
  }>(await gql(TEST, { i: { flowId: flow.id, callerNumber: '+33612345678' } }));
  t.deepEqual(blocked.visited, ['fw']);
  t.like(blocked.last, { type: 'hangup', cause: 21, prompt: 'rejected' });

  const bad = await gql(TEST, { i: { flowId: flow.id, script: [{ digits: '1', timeout: true }] } });
  t.is(bad.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED');
});

const SCHEDULE = `mutation($l: ID!, $i: IvrScheduleInput!) { r: createIvrSchedule(businessLineId: $l, input: $i) { __typename
  ... on MutationCreateIvrScheduleSuccess { data { id key week { day intervals { from to period } } } }
  ... on Problem { code fields { path message } } } }`;
const PERIOD = `query($id: ID!, $at: DateTime!) { r: node(id: $id) { ... on IvrSchedule { periodAt(at: $at) { period dayName nextChangeAt nextPeriod } } } }`;

test('schedules: bad intervals are refused by field; periods follow the zone across DST; holidays close a day', async (t) => {
  const bad = data<{ code: string; fields: Array<{ path: string }> }>(
    await gql(SCHEDULE, {
      l: line,
      i: {
        key: 'bad',
        timezone: 'Mars/Olympus',
        week: [{ day: 'MON', intervals: [{ from: '18:00', to: '08:00' }] }],
      },
    }),
  );
  t.is(bad.code, 'VALIDATION_FAILED');
  t.deepEqual(bad.fields.map((f) => f.path).sort(), ['timezone', 'week.mon.0']);

  const created = data<{ data: { id: string } }>(
    await gql(SCHEDULE, {
      l: line,
      i: {
        key: 'sunday-shop',
        timezone: 'Europe/Paris',
        week: [
          {
            day: 'SUN',
            intervals: [
              { from: '09:00', to: '12:00' },
              { from: '12:00', to: '13:00', period: 'HALF_REST' },
            ],
          },
        ],
      },
    }),
  ).data;
  // Sunday 29 March 2026, the spring-forward day: 09:00 Paris is 07:00 UTC (UTC+2 from 03:00).
  const period = (at: string) =>
    gql(PERIOD, { id: created.id, at }).then(
      (r) => (r.data?.r as { periodAt: Record<string, unknown> }).periodAt,
    );
  t.like(await period('2026-03-29T07:00:00Z'), {
    period: 'OPEN',
    nextChangeAt: '2026-03-29T10:00:00.000Z',
    nextPeriod: 'HALF_REST',
  });
  t.like(await period('2026-03-29T06:59:00Z'), { period: 'REST' });
  const added = await gql(
    'mutation($id: ID!) { r: addIvrHoliday(scheduleId: $id, holiday: { date: "2026-04-05", name: "Easter" }) { __typename } }',
    { id: created.id },
  );
  t.like(data(added), { __typename: 'MutationAddIvrHolidaySuccess' });
  t.like(await period('2026-04-05T08:00:00Z'), { period: 'HOLIDAY', dayName: 'Easter' });
  await gql(
    'mutation($id: ID!) { r: removeIvrHoliday(scheduleId: $id, date: "2026-04-05") { __typename } }',
    { id: created.id },
  );
  t.like(await period('2026-04-05T08:00:00Z'), { period: 'OPEN' });
});

const ADD_ENTRY = `mutation($i: IvrFirewallEntryInput!) { r: addIvrFirewallEntry(input: $i) { __typename
  ... on MutationAddIvrFirewallEntrySuccess { data { value list match } }
  ... on Problem { code message } } }`;

test('firewall entries are stored in E.164; duplicates and bad prefixes are refused; the check says who wins', async (t) => {
  t.like(
    data(
      await gql(ADD_ENTRY, {
        i: {
          businessLineId: line,
          list: 'VIP',
          match: 'NUMBER',
          value: '06 98 76 54 32',
          label: 'CEO',
        },
      }),
    ),
    {
      data: { value: '+33698765432', list: 'VIP', match: 'NUMBER' },
    },
  );
  t.like(
    data(
      await gql(ADD_ENTRY, {
        i: { businessLineId: line, list: 'VIP', match: 'NUMBER', value: '+33698765432' },
      }),
    ),
    {
      __typename: 'Problem',
      code: 'DUPLICATE',
    },
  );
  t.like(
    data(
      await gql(ADD_ENTRY, {
        i: { businessLineId: line, list: 'BLOCK', match: 'PREFIX', value: '336x' },
      }),
    ),
    {
      code: 'INVALID_PHONE_NUMBER',
    },
  );
  t.like(
    data(
      await gql(ADD_ENTRY, {
        i: { businessLineId: line, list: 'BLOCK', match: 'PREFIX', value: '00336987' },
      }),
    ),
    {
      data: { value: '+336987' },
    },
  );
  const check = async (number: string) =>
    data<{ verdict: string; caller: string | null }>(
      await gql(
        'query($l: ID!, $n: String!) { r: ivrFirewallCheck(businessLineId: $l, number: $n) { verdict caller } }',
        {
          l: line,
          n: number,
        },
      ),
    );
  // The VIP number beats the block prefix (more specific); the rest of the prefix is blocked.
  t.deepEqual(await check('0698765432'), { verdict: 'vip', caller: '+33698765432' });
  t.deepEqual(await check('+33698700000'), { verdict: 'block', caller: '+33698700000' });
  t.deepEqual(await check('anonymous'), { verdict: 'pass', caller: null });
});

test('a DID routes to a flow; a routed flow cannot be deleted', async (t) => {
  const flow = await createFlow(flowDoc('routed'));
  const set = await gql(
    'mutation($f: ID!) { r: setIvrDidRoute(did: "8300", flowId: $f) { ... on MutationSetIvrDidRouteSuccess { data { did flow { key } } } } }',
    { f: flow.id },
  );
  t.like(data(set), { data: { did: '8300', flow: { key: 'routed' } } });
  const bad = await gql(
    'mutation($f: ID!) { r: setIvrDidRoute(did: "83 00", flowId: $f) { __typename ... on Problem { code } } }',
    { f: flow.id },
  );
  t.like(data(bad), { code: 'VALIDATION_FAILED' });
  const del = await gql(
    'mutation($id: ID!) { r: deleteIvrFlow(id: $id) { __typename ... on Problem { code message } } }',
    { id: flow.id },
  );
  t.like(data(del), { code: 'CONFLICT' });
  t.like(data(await gql('mutation { r: removeIvrDidRoute(did: "8300") { __typename } }')), {
    __typename: 'MutationRemoveIvrDidRouteSuccess',
  });
  const again = await gql('mutation($id: ID!) { r: deleteIvrFlow(id: $id) { __typename } }', {
    id: flow.id,
  });
  t.like(data(again), { __typename: 'MutationDeleteIvrFlowSuccess' });
});

test('node statistics count calls, hang-ups, digits and errors per node, by version', async (t) => {
  const flow = await createFlow(flowDoc('counted'));
  const step = (nodeId: string, event: string, detail: string | null = null, version = 1) => ({
    at: Date.UTC(2026, 0, 5, 10),
    flowKey: 'counted',
    flowVersion: version,
    nodeId,
    nodeType: 'menu',
    event: event as 'enter',
    detail,
  });
  const session = (channelId: string, version: number) => ({
    channelId,
    channelName: 'PJSIP/trunk-1',
    businessLineId: lineId,
    flowId: null,
    flowKey: 'counted',
    flowVersion: version,
    callerNumber: '+33155555555',
    dialedNumber: '8100',
    language: 'en',
    firewall: null,
    period: null,
    outcome: 'queue' as const,
    outcomeDetail: null,
    error: null,
    startedAt: Date.UTC(2026, 0, 5, 10),
    endedAt: Date.UTC(2026, 0, 5, 10, 1),
  });
  await api.ivrStore.sessions.save(session('s1', 1), [
    step('main', 'enter'),
    step('main', 'invalid', '7'),
    step('main', 'digits', '1'),
  ]);
  await api.ivrStore.sessions.save(session('s2', 1), [
    step('main', 'enter'),
    step('main', 'digits', '2'),
  ]);
  await api.ivrStore.sessions.save(session('s3', 1), [
    step('main', 'enter'),
    step('main', 'hangup'),
  ]);
  await api.ivrStore.sessions.save(session('s4', 2), [
    step('main', 'enter', null, 2),
    step('main', 'digits', '1', 2),
  ]);
  const stats = await gql(
    'query($id: ID!, $v: Int) { r: node(id: $id) { ... on IvrFlow { nodeStats(version: $v) { nodeId calls entries hangups invalid digits { detail count } } } } }',
    { id: flow.id, v: 1 },
  );
  t.deepEqual((stats.data?.r as { nodeStats: unknown[] }).nodeStats, [
    {
      nodeId: 'main',
      calls: 3,
      entries: 3,
      hangups: 1,
      invalid: 1,
      digits: [
        { detail: '1', count: 1 },
        { detail: '2', count: 1 },
      ],
    },
  ]);
  const all = await gql(
    'query($id: ID!) { r: node(id: $id) { ... on IvrFlow { nodeStats { calls } } } }',
    { id: flow.id },
  );
  t.deepEqual((all.data?.r as { nodeStats: unknown[] }).nodeStats, [{ calls: 4 }]);
});
