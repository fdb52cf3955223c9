// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
import test from 'ava';
import { begin, initialCursor, next } from '../../src/domain/ivr/flow.interpreter.ts';
import type { Input, PathEntry, Step } from '../../src/domain/ivr/flow.step.ts';
import { BASTILLE_DAY, ctx, demoFlow, LUNCH, NIGHT, OPEN_HOURS, prepare } from './ivr-helpers.ts';

const flow = prepare(demoFlow());

/** Feeds inputs one by one from the first step; returns every step. */
function drive(first: Step, inputs: readonly Input[], now = OPEN_HOURS, context = ctx()): Step[] {
  const steps = [first];
  for (const input of inputs)
    steps.push(next(flow, steps[steps.length - 1]!.cursor, input, now, context));
  return steps;
}

const digits = (d: string): Input => ({ type: 'digits', digits: d });
const done: Input = { type: 'done' };
const timeout: Input = { type: 'timeout' };
const events = (path: readonly PathEntry[]) =>
  path.map((e) => `${e.nodeId}:${e.event}${e.detail === null ? '' : `=${e.detail}`}`);
const allPath = (steps: readonly Step[]) => steps.flatMap((s) => s.path);

test('in office hours the call runs firewall and schedule through to the language prompt', (t) => {
  const step = begin(flow, ctx(), OPEN_HOURS);
  t.deepEqual(step.action, {
    type: 'get-digits',
    before: [],
    prompt: 'choose-language',
    maxDigits: 1,
    timeoutMs: 5000,
    terminator: '#',
  });
  t.deepEqual(events(step.path), [
    'fw:enter',
    'fw:pass',
    'hours:enter',
    'hours:period=open',
    'lang:enter',
  ]);
  t.is(step.cursor.nodeId, 'lang');
  t.is(step.cursor.phase, 'await');
  t.is(step.cursor.vars['callerNumber'], '+33155555555');
  t.true(step.path.every((e) => e.at === OPEN_HOURS && e.flowId === 'support-line'));
});

test('three menu levels, an order lookup whose result is spoken, then the queue in French', (t) => {
  const steps = drive(begin(flow, ctx(), OPEN_HOURS), [
    digits('2'),
    digits('1'),
    digits('1'),
    digits('123456'),
    { type: 'lookup-result', status: 200, body: { status: 'shipped', eta: '12 June' } },
    done,
    digits('1'),
  ]);
  const actions = steps.map((s) => s.action);
  t.like(actions[1], { type: 'get-digits', prompt: 'fr/menu-principal' });
  t.like(actions[2], { type: 'get-digits', prompt: 'orders-menu' });
  t.like(actions[3], { type: 'get-digits', prompt: 'enter-order', maxDigits: 8 });
  t.deepEqual(actions[4], {
    type: 'lookup',
    request: {
      method: 'GET',
      url: 'https://crm.example.com/orders/123456?caller=%2B33155555555',
      headers: { 'X-Line': 'support' },
      body: null,
      timeoutMs: 2000,
    },
  });
  t.deepEqual(actions[5], {
    type: 'say',
    kind: 'tts',
    value: 'Order 123456 arrives on 12 June.',
    language: 'fr',
    engine: 'flite',
  });
  t.like(actions[6], { type: 'get-digits', prompt: 'order-more' });
  t.deepEqual(actions[7], {
    type: 'to-queue',
    queueId: 'support',
    priority: 5,
    skills: ['orders'],
    vip: false,
    language: 'fr',
  });
  t.is(steps[7]!.cursor.phase, 'ended');
  t.deepEqual(
    events(allPath(steps)).filter((e) => !e.endsWith(':enter')),
    [
      'fw:pass',
      'hours:period=open',
      'lang:language=fr',
      'main:digits=1',
      'orders:digits=1',
      'order-id:collected=6 digits',
      'order-lookup:lookup-ok=200',
      'order-status:branch=conditions[0]',
      'order-more:digits=1',
      'support-queue:exit=to-queue',
    ],
  );
});

test('a menu re-asks after an invalid entry and a timeout, each with its own prompt', (t) => {
  const atMain = drive(begin(flow, ctx(), OPEN_HOURS), [digits('1')]).at(-1)!;
  const steps = drive(atMain, [digits('7'), timeout, digits('2')]);
  t.deepEqual(steps[1]!.action, {
    type: 'get-digits',
    before: ['invalid'],
    prompt: 'main-menu',
    maxDigits: 1,
    timeoutMs: 5000,
    terminator: '#',
  });
  t.like(steps[1]!.cursor, { nodeId: 'main', invalid: 1, timeouts: 0 });
  t.like(steps[2]!.action, { type: 'get-digits', before: ['no-input'], prompt: 'main-menu' });
  t.like(steps[2]!.cursor, { nodeId: 'main', invalid: 1, timeouts: 1 });
  t.like(steps[3]!.action, { type: 'get-digits', before: [], prompt: 'billing-menu' });
  t.like(steps[3]!.cursor, { nodeId: 'billing', invalid: 0, timeouts: 0 });
  t.deepEqual(events(allPath(steps.slice(1))), [
    'main:invalid=7',
    'main:timeout',
    'main:digits=2',
    'billing:enter',
  ]);
});

test('a menu whose retries are spent takes its exhausted branch', (t) => {
  const atMain = drive(begin(flow, ctx(), OPEN_HOURS), [digits('1')]).at(-1)!;
  const steps = drive(atMain, [timeout, digits(''), timeout]);
  t.like(steps[2]!.action, { type: 'get-digits', before: ['invalid'] });
  t.like(steps[3]!.action, { type: 'to-queue', queueId: 'support' });
  t.deepEqual(events(steps[3]!.path).slice(0, 2), [
    'main:timeout',
    'main:exhausted=1 invalid, 2 timeouts',
  ]);
});

test('separate retry counting gives invalid entries and timeouts a budget each', (t) => {
  const doc = demoFlow();
  const main = doc.nodes['main']!;
  if (main.type !== 'menu') throw new Error('main is a menu');
  doc.nodes['main'] = { ...main, retryCounting: 'separate', maxRetries: 1 };
  const separate = prepare(doc);
  let step = begin(separate, ctx(), OPEN_HOURS);
  step = next(separate, step.cursor, digits('1'), OPEN_HOURS, ctx());
  for (const input of [digits('5'), timeout]) {
    step = next(separate, step.cursor, input, OPEN_HOURS, ctx());
    t.is(step.action.type, 'get-digits');
  }
  t.like(step.cursor, { invalid: 1, timeouts: 1 });
  step = next(separate, step.cursor, timeout, OPEN_HOURS, ctx());
  t.like(step.action, { type: 'to-queue', queueId: 'support' });
});

test('collect: invalid digits are retried with the invalid prompt, then onInvalid; digits never reach the path', (t) => {
  const atCollect = drive(begin(flow, ctx(), OPEN_HOURS), [
    digits('1'),
    digits('1'),
    digits('1'),
  ]).at(-1)!;
  t.is(atCollect.cursor.nodeId, 'order-id');
  const steps = drive(atCollect, [digits('12a'), digits('123')]);
  t.like(steps[1]!.action, {
    type: 'get-digits',
    before: ['invalid-order'],
    prompt: 'enter-order',
  });
  t.like(steps[2]!.action, { type: 'to-queue', queueId: 'support' });
  t.deepEqual(events(allPath(steps.slice(1))).slice(0, 3), [
    'order-id:invalid=3 digits',
    'order-id:invalid=3 digits',
    'order-id:exhausted',
  ]);
  t.false(JSON.stringify(allPath(steps)).includes('123'));
});

test('collect: a Luhn-valid card number is stored, a wrong one is refused', (t) => {
  const atCard = drive(begin(flow, ctx(), OPEN_HOURS), [digits('1'), digits('2'), digits('1')]).at(
    -1,
  )!;
  t.is(atCard.cursor.nodeId, 'card');
  const good = next(flow, atCard.cursor, digits('4111111111111111'), OPEN_HOURS, ctx());
  t.deepEqual(good.action, { type: 'play', prompt: 'card-accepted', escapeDigits: '' });
  t.is(good.cursor.vars['card'], '4111111111111111');
  t.false(JSON.stringify(good.path).includes('4111'));
  const bad = next(flow, atCard.cursor, digits('4111111111111112'), OPEN_HOURS, ctx());
  t.like(bad.action, { type: 'to-queue', queueId: 'support' });
  t.is(bad.cursor.vars['card'], undefined);
});

test('branch takes the default when the condition does not hold', (t) => {
  const atLookup = drive(begin(flow, ctx(), OPEN_HOURS), [
    digits('1'),
    digits('1'),
    digits('1'),
    digits('654321'),
  ]).at(-1)!;
  const step = next(
    flow,
    atLookup.cursor,
    { type: 'lookup-result', status: 200, body: '{"status":"in preparation"}' },
    OPEN_HOURS,
    ctx(),
  );
  t.like(step.action, { type: 'say', value: 'Order 654321 is in preparation.' });
  t.true(events(step.path).includes('order-status:branch=default'));
  t.is(step.cursor.vars['eta'], '');
});

const lookupFailures: Array<[string, Input, string]> = [
  ['a timeout', { type: 'lookup-error', reason: 'TIMEOUT' }, 'TIMEOUT'],
  ['an HTTP 500', { type: 'lookup-result', status: 500, body: { error: 'boom' } }, 'HTTP_500'],
  [
    'a body that is not JSON',
    { type: 'lookup-result', status: 200, body: '<html>oops</html>' },
    'INVALID_JSON',
  ],
  [
    'a missing field',
    { type: 'lookup-result', status: 200, body: { state: 'shipped' } },
    'MISSING_FIELD orderStatus',
  ],
  [
    'an object where a value was expected',
    { type: 'lookup-result', status: 200, body: { status: { code: 1 } } },
    'NOT_SCALAR orderStatus',
  ],
  [
    'a JSON array',
    { type: 'lookup-result', status: 200, body: [1, 2] },
    'MISSING_FIELD orderStatus',
  ],
];

for (const [label, input, reason] of lookupFailures) {
  test(`a lookup answering with ${label} takes the fallback branch`, (t) => {
    const atLookup = drive(begin(flow, ctx(), OPEN_HOURS), [
      digits('1'),
      digits('1'),
      digits('1'),
      digits('654321'),
    ]).at(-1)!;
    t.is(atLookup.action.type, 'lookup');
    const step = next(flow, atLookup.cursor, input, OPEN_HOURS, ctx());
    t.deepEqual(step.action, { type: 'play', prompt: 'lookup-failed', escapeDigits: '' });
    t.is(step.cursor.vars['lookupError'], reason);
    t.true(events(step.path).includes(`order-lookup:lookup-error=${reason}`));
  });
}

test('say: numbers and dates are checked and converted; unspeakable values take onError', (t) => {
  const doc = {
    schemaVersion: 1 as const,
    id: 'say',
    name: 'Say',
    start: 'n',
    nodes: {
      n: {
        type: 'say' as const,
        kind: 'number' as const,
        value: '${balance}',
        next: 'd',
        onError: 'oops',
      },
      d: { type: 'say' as const, kind: 'date' as const, value: '${due}', next: 'g' },
      g: { type: 'say' as const, kind: 'digits' as const, value: '${ref}', next: 'end' },
      oops: { type: 'play' as const, prompt: 'cannot-say', next: 'end' },
      end: { type: 'hangup' as const },
    },
  };
  const sayFlow = prepare(doc);
  const vars = { balance: '0042', due: '2025-07-01', ref: '12#' };
  const first = begin(sayFlow, ctx(), OPEN_HOURS, vars);
  t.deepEqual(first.action, {
    type: 'say',
    kind: 'number',
    value: '42',
    language: 'en',
    engine: null,
  });
  const date = next(sayFlow, first.cursor, done, OPEN_HOURS, ctx());
  // Midnight on 1 July 2025 in Paris is 22:00 UTC the day before.
  t.like(date.action, {
    type: 'say',
    kind: 'date',
    value: String(Date.UTC(2025, 5, 30, 22) / 1000),
  });
  const ref = next(sayFlow, date.cursor, done, OPEN_HOURS, ctx());
  t.like(ref.action, { type: 'say', kind: 'digits', value: '12#' });
  const bad = begin(sayFlow, ctx(), OPEN_HOURS, { balance: '12.50' });
  t.deepEqual(bad.action, { type: 'play', prompt: 'cannot-say', escapeDigits: '' });
  t.true(events(bad.path).includes('n:error=NOT_AN_INTEGER'));
  const noDate = begin(sayFlow, ctx(), OPEN_HOURS, { balance: '1', due: 'soon', ref: '7' });
  const skipped = next(sayFlow, noDate.cursor, done, OPEN_HOURS, ctx());
  t.like(skipped.action, { type: 'say', kind: 'digits' });
  t.true(events(skipped.path).includes('d:error=NOT_A_DATE'));
});

test('firewall: a blocked caller hears the reject prompt and is hung up with cause 21', (t) => {
  const step = begin(flow, ctx('06 12 34 56 78'), OPEN_HOURS);
  t.deepEqual(step.action, { type: 'hangup', cause: 21, prompt: 'blocked' });
  t.is(step.cursor.phase, 'ended');
  t.deepEqual(events(step.path), ['fw:enter', 'fw:blocked=blk-1', 'fw:exit=hangup']);
  const silent = demoFlow();
  silent.nodes['fw'] = { type: 'firewall', onBlock: 'silent', next: 'hours' };
  t.deepEqual(begin(prepare(silent), ctx('+33612345678'), OPEN_HOURS).action, {
    type: 'hangup',
    cause: 21,
    prompt: null,
  });
});

test('firewall: a VIP caller reaches the queue with VIP priority', (t) => {
  const steps = drive(
    begin(flow, ctx('+33698765432'), OPEN_HOURS),
    [digits('1'), digits('0')],
    OPEN_HOURS,
    ctx('+33698765432'),
  );
  t.true(events(steps[0]!.path).includes('fw:vip=vip-1'));
  t.like(steps[2]!.action, { type: 'to-queue', queueId: 'support', vip: true });
  const none = begin(flow, ctx('+33698765432', { firewall: null }), OPEN_HOURS);
  t.true(events(none.path).includes('fw:pass'));
});

const periods: Array<[string, number, string, string]> = [
  ['day', OPEN_HOURS, 'open', 'choose-language'],
  ['lunch', LUNCH, 'half-rest', 'lunch-break'],
  ['night', NIGHT, 'rest', 'closed'],
  ['a public holiday', BASTILLE_DAY, 'holiday', 'holiday-closed'],
];

for (const [label, at, period, prompt] of periods) {
  test(`schedule branch by ${label}`, (t) => {
    const step = begin(flow, ctx(), at);
    t.true(events(step.path).includes(`hours:period=${period}`));
    t.is('prompt' in step.action ? step.action.prompt : null, prompt);
  });
}

test('schedule: half-rest and holiday fall back to rest; an unknown schedule routes as open', (t) => {
  const doc = demoFlow();
  doc.nodes['hours'] = {
    type: 'schedule',
    scheduleId: 'office',
    periods: { open: 'lang', rest: 'closed' },
  };
  const fallback = prepare(doc);
  t.like(begin(fallback, ctx(), BASTILLE_DAY).action, { prompt: 'closed' });
  t.like(begin(fallback, ctx(), LUNCH).action, { prompt: 'closed' });
  const unknown = begin(flow, ctx(undefined, { schedules: {} }), NIGHT);
  t.like(unknown.action, { prompt: 'choose-language' });
  t.true(events(unknown.path).includes('hours:error=SCHEDULE_NOT_FOUND office'));
});

test('language select: a choice sets the language; exhausted retries keep the default', (t) => {
  const first = begin(flow, ctx(), OPEN_HOURS);
  const fr = next(flow, first.cursor, digits('2'), OPEN_HOURS, ctx());
  t.is(fr.cursor.vars['language'], 'fr');
  t.like(fr.action, { prompt: 'fr/menu-principal' });
  const invalid = next(flow, first.cursor, digits('5'), OPEN_HOURS, ctx());
  t.like(invalid.action, { type: 'get-digits', prompt: 'choose-language', before: [] });
  let step = invalid;
  step = next(flow, step.cursor, timeout, OPEN_HOURS, ctx());
  step = next(flow, step.cursor, timeout, OPEN_HOURS, ctx());
  t.like(step.action, { type: 'get-digits', prompt: 'main-menu' });
  t.is(step.cursor.vars['language'], 'en');
  // French prompts with an English-only invalid prompt fall back per prompt.
  const frInvalid = next(flow, fr.cursor, digits('8'), OPEN_HOURS, ctx());
  t.like(frInvalid.action, { before: ['fr/invalide'], prompt: 'fr/menu-principal' });
});

test('voicemail at night: greeting, recording, callback number, save, goodbye', (t) => {
  const steps = drive(
    begin(flow, ctx(), NIGHT),
    [
      done,
      { type: 'recorded', file: 'vm/1', durationS: 30, hungUp: false },
      digits('0612345678'),
      done,
    ],
    NIGHT,
  );
  t.like(steps[0]!.action, { type: 'play', prompt: 'closed' });
  t.deepEqual(steps[1]!.action, {
    type: 'record-voicemail',
    mailboxId: 'support',
    greeting: 'leave-message',
    maxSeconds: 90,
    silenceS: 5,
    beep: true,
    finishDigits: '#',
  });
  t.like(steps[2]!.action, { type: 'get-digits', prompt: 'enter-callback', maxDigits: 20 });
  t.deepEqual(steps[3]!.action, {
    type: 'save-voicemail',
    message: {
      mailboxId: 'support',
      file: 'vm/1',
      durationS: 30,
      callerNumber: '+33155555555',
      callbackNumber: '0612345678',
      flowId: 'support-line',
      nodeId: 'vm',
    },
  });
  t.deepEqual(steps[4]!.action, { type: 'hangup', cause: 16, prompt: 'goodbye' });
  t.deepEqual(events(allPath(steps.slice(2))), [
    'vm:recorded=30s',
    'vm:saved',
    'bye:enter',
    'bye:exit=hangup',
  ]);
});

test('voicemail: a caller who hangs up to finish still gets the message saved, then the call ends', (t) => {
  const atRecord = drive(begin(flow, ctx(), NIGHT), [done], NIGHT).at(-1)!;
  const saved = next(
    flow,
    atRecord.cursor,
    { type: 'recorded', file: 'vm/2', durationS: 12, hungUp: true },
    NIGHT,
    ctx(),
  );
  t.like(saved.action, { type: 'save-voicemail', message: { file: 'vm/2', callbackNumber: null } });
  const end = next(flow, saved.cursor, done, NIGHT, ctx());
  t.deepEqual(end.action, { type: 'end', reason: 'caller-hangup' });
  t.is(end.cursor.phase, 'ended');
  // Hanging up while asked for the callback number also saves.
  const asked = next(
    flow,
    atRecord.cursor,
    { type: 'recorded', file: 'vm/3', durationS: 8, hungUp: false },
    NIGHT,
    ctx(),
  );
  const hung = next(flow, asked.cursor, { type: 'hangup' }, NIGHT, ctx());
  t.like(hung.action, { type: 'save-voicemail', message: { file: 'vm/3' } });
  t.deepEqual(events(hung.path), ['vm:hangup']);
  t.deepEqual(next(flow, hung.cursor, done, NIGHT, ctx()).action, {
    type: 'end',
    reason: 'caller-hangup',
  });
  // An empty recording is not saved.
  const empty = next(
    flow,
    atRecord.cursor,
    { type: 'recorded', file: 'vm/4', durationS: 0, hungUp: true },
    NIGHT,
    ctx(),
  );
  t.deepEqual(empty.action, { type: 'end', reason: 'caller-hangup' });
});

test('hang-up mid-flow ends cleanly and the path records where', (t) => {
  const steps = drive(begin(flow, ctx(), OPEN_HOURS), [
    digits('1'),
    digits('1'),
    digits('1'),
    { type: 'hangup' },
  ]);
  const last = steps[4]!;
  t.deepEqual(last.action, { type: 'end', reason: 'caller-hangup' });
  t.like(last.cursor, { phase: 'ended', hungUp: true, nodeId: 'order-id' });
  t.deepEqual(events(last.path), ['order-id:hangup']);
  t.deepEqual(
    allPath(steps)
      .filter((e) => e.event === 'enter')
      .map((e) => e.nodeId),
    ['fw', 'hours', 'lang', 'main', 'orders', 'order-id'],
  );
  const after = next(flow, last.cursor, digits('1'), OPEN_HOURS, ctx());
  t.deepEqual(after.action, { type: 'end', reason: 'already-ended' });
  t.deepEqual(after.path, []);
});

test('a failed prompt is noted and the flow goes on; an interrupting digit is kept', (t) => {
  const doc = {
    schemaVersion: 1 as const,
    id: 'p',
    name: 'p',
    start: 'hello',
    nodes: {
      hello: {
        type: 'play' as const,
        prompt: 'hello',
        interruptible: true,
        escapeDigits: '12',
        next: 'set',
      },
      set: {
        type: 'set' as const,
        variable: 'route',
        template: 'key-${lastDigit}',
        channel: true,
        next: 'go',
      },
      go: { type: 'goto' as const, flowId: 'sales', nodeId: 'welcome' },
    },
  };
  const f = prepare(doc);
  const first = begin(f, ctx(), OPEN_HOURS);
  t.deepEqual(first.action, { type: 'play', prompt: 'hello', escapeDigits: '12' });
  const cut = next(f, first.cursor, digits('2'), OPEN_HOURS, ctx());
  t.deepEqual(cut.action, { type: 'set-variable', name: 'route', value: 'key-2' });
  t.true(events(cut.path).includes('hello:interrupted=2'));
  const jump = next(f, cut.cursor, done, OPEN_HOURS, ctx());
  t.deepEqual(jump.action, { type: 'goto-flow', flowId: 'sales', nodeId: 'welcome' });
  t.is(jump.cursor.vars['route'], 'key-2');
  const failed = next(
    f,
    first.cursor,
    { type: 'failed', reason: 'FILE_NOT_FOUND' },
    OPEN_HOURS,
    ctx(),
  );
  t.true(events(failed.path).includes('hello:error=FILE_NOT_FOUND'));
  t.deepEqual(failed.action, { type: 'set-variable', name: 'route', value: 'key-' });
});

test('begin can start at a node of the flow (goto from another flow) with carried variables', (t) => {
  const step = begin(flow, ctx(), OPEN_HOURS, { language: 'fr' }, 'main');
  t.like(step.action, { type: 'get-digits', prompt: 'fr/menu-principal' });
  t.deepEqual(events(step.path), ['main:enter']);
});

test('a flow that bypassed validation cannot spin or leave the caller in silence', (t) => {
  const spinning = {
    ...flow,
    doc: {
      ...flow.doc,
      start: 'a',
      nodes: {
        a: { type: 'set' as const, variable: 'x', template: '1', channel: false, next: 'b' },
        b: { type: 'set' as const, variable: 'y', template: '2', channel: false, next: 'a' },
      },
    },
  };
  const step = begin(spinning, ctx(), OPEN_HOURS);
  t.deepEqual(step.action, { type: 'hangup', cause: null, prompt: null });
  t.true(events(step.path).includes('a:error=LOOP_LIMIT'));
  const missing = { ...flow, doc: { ...flow.doc, start: 'nowhere' } };
  const gone = begin(missing, ctx(), OPEN_HOURS);
  t.deepEqual(gone.action, { type: 'hangup', cause: null, prompt: null });
  t.true(events(gone.path).includes('nowhere:error=NODE_NOT_FOUND'));
});

test('a POST lookup renders its body; variables cannot split a header', (t) => {
  const doc = {
    schemaVersion: 1 as const,
    id: 'post',
    name: 'post',
    start: 'ask',
    nodes: {
      ask: {
        type: 'lookup' as const,
        method: 'POST' as const,
        url: 'https://api.example.com/balance',
        headers: { 'X-Caller': '${callerNumber}' },
        body: { account: '${account}', note: 'from ${callerNumber}' },
        results: { balance: 'data.balance' },
        next: 'say',
        onError: 'bye',
      },
      say: { type: 'say' as const, kind: 'number' as const, value: '${balance}', next: 'bye' },
      bye: { type: 'hangup' as const },
    },
  };
  const f = prepare(doc);
  const step = begin(f, ctx('+33155555555\r\nX-Admin: 1'), OPEN_HOURS, { account: 'A-1' });
  t.deepEqual(step.action, {
    type: 'lookup',
    request: {
      method: 'POST',
      url: 'https://api.example.com/balance',
      headers: { 'X-Caller': '+33155555555X-Admin: 1' },
      body: { account: 'A-1', note: 'from +33155555555\r\nX-Admin: 1' },
      timeoutMs: 3000,
    },
  });
  const said = next(
    f,
    step.cursor,
    { type: 'lookup-result', status: 201, body: { data: { balance: 42 } } },
    OPEN_HOURS,
    ctx(),
  );
  t.like(said.action, { type: 'say', kind: 'number', value: '42' });
  t.is(said.cursor.vars['balance'], 42);
});

test('a set expression that fails at run time stores an empty value and is noted', (t) => {
  const doc = {
    schemaVersion: 1 as const,
    id: 'set',
    name: 'set',
    start: 'calc',
    nodes: {
      calc: { type: 'set' as const, variable: 'left', expression: '${credit} - 10', next: 'q' },
      q: { type: 'queue' as const, queueId: 'x' },
    },
  };
  const f = prepare(doc);
  const ok = begin(f, ctx(), OPEN_HOURS, { credit: '25' });
  t.is(ok.cursor.vars['left'], 15);
  const bad = begin(f, ctx(), OPEN_HOURS, { credit: 'lots' });
  t.is(bad.cursor.vars['left'], '');
  t.true(events(bad.path).some((e) => e.startsWith('calc:error=')));
});

const hangupPoints: Array<[string, Input[], number, string]> = [
  ['at the first prompt', [], OPEN_HOURS, 'lang'],
  ['during a prompt', [], NIGHT, 'closed'],
  [
    'during a lookup',
    [digits('1'), digits('1'), digits('1'), digits('123456')],
    OPEN_HOURS,
    'order-lookup',
  ],
  ['during the recording', [done], NIGHT, 'vm'],
];

for (const [label, inputs, at, nodeId] of hangupPoints) {
  test(`a hang-up ${label} ends the call and is recorded`, (t) => {
    const before = drive(begin(flow, ctx(), at), inputs, at).at(-1)!;
    t.is(before.cursor.nodeId, nodeId);
    const end = next(flow, before.cursor, { type: 'hangup' }, at, ctx());
    t.deepEqual(end.action, { type: 'end', reason: 'caller-hangup' });
    t.deepEqual(events(end.path), [`${nodeId}:hangup`]);
    t.is(end.cursor.phase, 'ended');
  });
}

test('a hang-up before the flow started ends without entering any node', (t) => {
  const end = next(flow, initialCursor(flow, ctx()), { type: 'hangup' }, OPEN_HOURS, ctx());
  t.deepEqual(end.action, { type: 'end', reason: 'caller-hangup' });
  t.deepEqual(end.path, []);
  t.is(end.cursor.phase, 'ended');
  const started = next(flow, initialCursor(flow, ctx()), { type: 'start' }, OPEN_HOURS, ctx());
  t.like(started.action, { type: 'get-digits', prompt: 'choose-language' });
});
