// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
import test from 'ava';
import type { FlowDocument } from '../../src/domain/ivr/flow.schema.ts';
import { validateFlow } from '../../src/domain/ivr/flow.validate.ts';
import { demoFlow, menuChain } from './ivr-helpers.ts';

const summary = (
  issues: readonly { code: string; nodeId: string | null; field: string | null }[],
) => issues.map((i) => `${i.code} ${i.nodeId ?? '-'} ${i.field ?? '-'}`).sort();

test('the demo flow is valid, fully reachable and prepared', (t) => {
  const result = validateFlow(demoFlow());
  t.deepEqual(result.errors, []);
  t.deepEqual(result.warnings, []);
  t.true(result.ok);
  t.is(result.depth, 4);
  t.truthy(result.flow);
  t.true(result.flow!.expressions.has("${orderStatus} == 'shipped' and ${eta} != ''"));
  t.true(
    result.flow!.templates.has('https://crm.example.com/orders/${orderId}?caller=${callerNumber}'),
  );
  t.is(result.flow!.doc.nodes['main']!.type, 'menu');
});

/** One document with every kind of error: all are reported together. */
function brokenFlow(): unknown {
  return {
    schemaVersion: 1,
    id: 'broken',
    name: 'Broken',
    language: 'en',
    languages: ['en', 'fr'],
    start: 'welcome',
    nodes: {
      welcome: { type: 'play', prompt: 'welcome', next: 'menu' },
      menu: {
        type: 'menu',
        options: { '1': 'nowhere', '2': 'loop-a', '3': 'lookup', '4': 'collect' },
        onExhausted: 'bye',
      },
      'loop-a': { type: 'play', prompt: { en: 'a', de: 'de/a' }, next: 'loop-b' },
      'loop-b': {
        type: 'branch',
        conditions: [{ when: '${x} == ', next: 'loop-a' }],
        default: 'loop-a',
      },
      lookup: {
        type: 'lookup',
        url: 'https://${host}/orders',
        results: { status: '$..status' },
        next: 'say',
        onError: 'bye',
      },
      say: { type: 'say', kind: 'tts', value: 'Hello ${name', next: 'bye' },
      collect: {
        type: 'collect',
        prompt: { fr: 'fr/code' },
        maxLength: 4,
        validation: { kind: 'regex', pattern: '(\\d+)+' },
        into: 'code',
        next: 'bye',
        onInvalid: 'bye',
      },
      dial: { type: 'external', number: '0144556677' },
      mystery: { type: 'teleport', to: 'mars' },
      typo: { type: 'play', prompt: 'x', nxet: 'bye' },
      bye: { type: 'hangup' },
    },
  };
}

const expectedErrors: Array<[string, string, string]> = [
  ['MISSING_PROMPT', 'menu', 'prompt'],
  ['DANGLING_EDGE', 'menu', 'options.1'],
  ['UNKNOWN_LANGUAGE', 'loop-a', 'prompt.de'],
  ['BAD_EXPRESSION', 'loop-b', 'conditions[0].when'],
  ['LOOP_WITHOUT_INPUT', 'loop-a', '-'],
  ['BAD_URL', 'lookup', 'url'],
  ['BAD_JSON_PATH', 'lookup', 'results.status'],
  ['BAD_TEMPLATE', 'say', 'value'],
  ['NO_TTS_ENGINE', 'say', 'kind'],
  ['MISSING_PROMPT', 'collect', 'prompt'],
  ['BAD_REGEX', 'collect', 'validation.pattern'],
  ['BAD_NUMBER', 'dial', 'number'],
  ['UNKNOWN_NODE_TYPE', 'mystery', 'type'],
  ['SCHEMA_INVALID', 'typo', '-'],
  ['SCHEMA_INVALID', 'typo', 'next'],
];

test('a flow with every kind of error reports all of them at once', (t) => {
  const result = validateFlow(brokenFlow());
  t.false(result.ok);
  t.is(result.flow, undefined);
  t.deepEqual(summary(result.errors), expectedErrors.map((e) => e.join(' ')).sort());
  t.deepEqual(summary(result.warnings), [
    'UNREACHABLE_NODE dial -',
    'UNREACHABLE_NODE mystery -',
    'UNREACHABLE_NODE typo -',
  ]);
});

for (const [code, nodeId, field] of expectedErrors) {
  test(`error ${code} on ${nodeId} (${field}) names the node and the reason`, (t) => {
    const found = validateFlow(brokenFlow()).errors.find(
      (e) => e.code === code && e.nodeId === nodeId && (e.field ?? '-') === field,
    );
    t.truthy(found);
    t.true(found!.message.startsWith(`node "${nodeId}"`));
    t.true(found!.message.length > `node "${nodeId}"`.length + 5);
  });
}

test('messages carry the specifics', (t) => {
  const byCode = new Map(
    validateFlow(brokenFlow()).errors.map((e) => [`${e.code} ${e.nodeId}`, e.message]),
  );
  t.regex(byCode.get('DANGLING_EDGE menu')!, /options\.1: points to missing node "nowhere"/);
  t.regex(byCode.get('LOOP_WITHOUT_INPUT loop-a')!, /loop-a -> loop-b loop without waiting/);
  t.regex(byCode.get('BAD_EXPRESSION loop-b')!, /ends too early at 8/);
  t.regex(byCode.get('UNKNOWN_NODE_TYPE mystery')!, /unknown node type "teleport"/);
  t.regex(byCode.get('SCHEMA_INVALID typo')!, /nxet/);
  t.regex(byCode.get('BAD_NUMBER dial')!, /not a phone number|E\.164/);
  t.regex(byCode.get('MISSING_PROMPT collect')!, /default language "en"/);
});

test('depth: a chain of 100 menus validates, 101 is rejected naming the node and the limit', (t) => {
  const hundred = validateFlow(menuChain(100));
  t.deepEqual(hundred.errors, []);
  t.is(hundred.depth, 100);
  const more = validateFlow(menuChain(101));
  t.false(more.ok);
  t.is(more.depth, 101);
  t.deepEqual(summary(more.errors), ['TOO_DEEP m101 -']);
  t.regex(
    more.errors[0]!.message,
    /node "m101": is 101 menu levels deep; a flow may be at most 100/,
  );
});

test('depth counts collect nodes as levels and ignores links back up the tree', (t) => {
  const doc = menuChain(99);
  doc.nodes['m99'] = {
    type: 'menu',
    prompt: 'p',
    options: { '1': 'c', '9': 'm1' },
    onExhausted: 'q',
  };
  doc.nodes['c'] = {
    type: 'collect',
    prompt: 'p',
    maxLength: 4,
    into: 'x',
    next: 'm1',
    onInvalid: 'q',
  };
  const ok = validateFlow(doc);
  t.is(ok.depth, 100);
  t.true(ok.ok);
  doc.nodes['c'] = {
    type: 'collect',
    prompt: 'p',
    maxLength: 4,
    into: 'x',
    next: 'c2',
    onInvalid: 'q',
  };
  doc.nodes['c2'] = {
    type: 'collect',
    prompt: 'p',
    maxLength: 4,
    into: 'y',
    next: 'm1',
    onInvalid: 'q',
  };
  const deep = validateFlow(doc);
  t.is(deep.depth, 101);
  t.deepEqual(summary(deep.errors), ['TOO_DEEP c2 -']);
});

test('a loop through a menu or collect is fine; a loop of plays, sets and lookups is not', (t) => {
  const withMenu: FlowDocument = {
    schemaVersion: 1,
    id: 'f',
    name: 'f',
    start: 'hello',
    nodes: {
      hello: { type: 'play', prompt: 'hello', next: 'menu' },
      menu: { type: 'menu', prompt: 'menu', options: { '1': 'hello' }, onExhausted: 'hello' },
    },
  };
  t.true(validateFlow(withMenu).ok);
  const tight: FlowDocument = {
    schemaVersion: 1,
    id: 'f',
    name: 'f',
    start: 'count',
    nodes: {
      count: { type: 'set', variable: 'n', expression: '${n} + 1', next: 'check' },
      check: { type: 'lookup', url: 'https://api.example.com/x', next: 'self', onError: 'count' },
      self: { type: 'say', kind: 'number', value: '${n}', next: 'self' },
    },
  };
  const result = validateFlow(tight);
  t.deepEqual(summary(result.errors), ['LOOP_WITHOUT_INPUT count -', 'LOOP_WITHOUT_INPUT self -']);
});

const envelopeCases: Array<[string, unknown, string[]]> = [
  ['not an object', 'flow', ['SCHEMA_INVALID - -']],
  [
    'an unknown version',
    { ...demoFlow(), schemaVersion: 2 },
    ['UNSUPPORTED_VERSION - schemaVersion'],
  ],
  ['a missing start node', { ...demoFlow(), start: 'nope' }, ['DANGLING_EDGE - start']],
  [
    'a default language not listed',
    { ...menuChain(1), language: 'de', languages: ['en'] },
    ['UNKNOWN_LANGUAGE - language'],
  ],
  ['a missing name', { ...demoFlow(), name: undefined }, ['SCHEMA_INVALID - name']],
  [
    'a bad node id',
    { ...menuChain(1), nodes: { ...menuChain(1).nodes, 'bad id': { type: 'hangup' } } },
    ['BAD_NODE_ID bad id -'],
  ],
];

for (const [label, doc, expected] of envelopeCases) {
  test(`a flow with ${label} is rejected`, (t) => {
    const result = validateFlow(doc);
    t.false(result.ok);
    t.deepEqual(summary(result.errors), expected);
  });
}

const nodeCases: Array<[string, Record<string, unknown>, string[]]> = [
  [
    'a menu key #',
    { type: 'menu', prompt: 'p', options: { '#': 'q' }, onExhausted: 'q' },
    ['SCHEMA_INVALID n options.#'],
  ],
  [
    'a menu without options',
    { type: 'menu', prompt: 'p', options: {}, onExhausted: 'q' },
    ['SCHEMA_INVALID n options'],
  ],
  [
    'a sound file outside the sounds directory',
    { type: 'play', prompt: '../etc/passwd', next: 'q' },
    ['SCHEMA_INVALID n prompt'],
  ],
  ['a sound file with &', { type: 'play', prompt: 'a&b', next: 'q' }, ['SCHEMA_INVALID n prompt']],
  ['an empty prompt', { type: 'play', prompt: '', next: 'q' }, ['SCHEMA_INVALID n prompt']],
  [
    'a reject firewall without prompt',
    { type: 'firewall', next: 'q' },
    ['MISSING_PROMPT n rejectPrompt'],
  ],
  [
    'a callback voicemail without prompt',
    { type: 'voicemail', mailboxId: 'm', askCallback: true, next: 'q' },
    ['MISSING_PROMPT n callbackPrompt'],
  ],
  [
    'a language select with an unknown language',
    { type: 'language', prompt: 'p', options: { '1': 'de' }, next: 'q' },
    ['UNKNOWN_LANGUAGE n options.1'],
  ],
  [
    'a set with both expression and template',
    { type: 'set', variable: 'x', expression: '1', template: 'a', next: 'q' },
    ['SCHEMA_INVALID n -'],
  ],
  [
    'a set into a prototype name',
    { type: 'set', variable: '__proto__', expression: '1', next: 'q' },
    ['SCHEMA_INVALID n variable'],
  ],
  [
    'a collect with min over max',
    {
      type: 'collect',
      prompt: 'p',
      minLength: 5,
      maxLength: 4,
      into: 'x',
      next: 'q',
      onInvalid: 'q',
    },
    ['INCONSISTENT n minLength'],
  ],
  [
    'a collect regex that does not compile',
    {
      type: 'collect',
      prompt: 'p',
      maxLength: 4,
      validation: { kind: 'regex', pattern: '[0-9' },
      into: 'x',
      next: 'q',
      onInvalid: 'q',
    },
    ['BAD_REGEX n validation.pattern'],
  ],
  [
    'a lookup result into a bad variable',
    {
      type: 'lookup',
      url: 'https://a.example/x',
      results: { 'bad-name': '$.a' },
      next: 'q',
      onError: 'q',
    },
    ['BAD_VARIABLE n results.bad-name'],
  ],
  [
    'a lookup setting the Host header',
    {
      type: 'lookup',
      url: 'https://a.example/x',
      headers: { Host: 'evil.example' },
      next: 'q',
      onError: 'q',
    },
    ['INCONSISTENT n headers.Host'],
  ],
  [
    'a GET lookup with a body',
    { type: 'lookup', url: 'https://a.example/x', body: { a: 'b' }, next: 'q', onError: 'q' },
    ['INCONSISTENT n body'],
  ],
  [
    'a lookup to a non-http URL',
    { type: 'lookup', url: 'file:///etc/passwd', next: 'q', onError: 'q' },
    ['BAD_URL n url'],
  ],
  [
    'an agent with both id and extension',
    { type: 'agent', agentId: 'a', extension: '1001' },
    ['SCHEMA_INVALID n -'],
  ],
  [
    'a schedule without rest',
    { type: 'schedule', scheduleId: 's', periods: { open: 'q' } },
    ['SCHEMA_INVALID n periods.rest'],
  ],
];

for (const [label, node, expected] of nodeCases) {
  test(`a node with ${label} is rejected`, (t) => {
    const doc = {
      schemaVersion: 1,
      id: 'f',
      name: 'f',
      start: 'n',
      nodes: { n: node, q: { type: 'queue', queueId: 'x' } },
    };
    t.deepEqual(summary(validateFlow(doc).errors), expected);
  });
}

test('a flow with too many nodes is rejected', (t) => {
  const doc = menuChain(1);
  for (let i = 0; i < 5000; i += 1) doc.nodes[`h${i}`] = { type: 'hangup' };
  t.deepEqual(summary(validateFlow(doc).errors), ['SCHEMA_INVALID - nodes']);
});

test('unreachable nodes are warnings, not errors', (t) => {
  const doc = menuChain(2);
  doc.nodes['orphan'] = { type: 'hangup' };
  const result = validateFlow(doc);
  t.true(result.ok);
  t.deepEqual(summary(result.warnings), ['UNREACHABLE_NODE orphan -']);
  t.regex(result.warnings[0]!.message, /node "orphan": cannot be reached from start "m1"/);
});
