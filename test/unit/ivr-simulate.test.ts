// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
import test from 'ava';
import type { FlowDocument } from '../../src/domain/ivr/flow.schema.ts';
import { simulate } from '../../src/domain/ivr/flow.simulate.ts';
import { ctx, demoFlow, menuChain, NIGHT, OPEN_HOURS, prepare } from './ivr-helpers.ts';

const flow = prepare(demoFlow());

test('simulate: digits per prompt and a scripted lookup reach the queue', (t) => {
  const result = simulate(
    flow,
    [
      '1',
      '1',
      '1',
      '123456',
      { lookup: { status: 200, body: { status: 'shipped', eta: 'Friday' } } },
      '1',
    ],
    OPEN_HOURS,
    ctx(),
  );
  t.deepEqual(result.visited, [
    'fw',
    'hours',
    'lang',
    'main',
    'orders',
    'order-id',
    'order-lookup',
    'order-status',
    'say-eta',
    'order-more',
    'support-queue',
  ]);
  t.deepEqual(
    result.actions.map((a) => a.type),
    [
      'get-digits',
      'get-digits',
      'get-digits',
      'get-digits',
      'lookup',
      'say',
      'get-digits',
      'to-queue',
    ],
  );
  t.like(result.last, { type: 'to-queue', queueId: 'support', language: 'en' });
  t.like(result.actions[5], { value: 'Order 123456 arrives on Friday.' });
  t.false(result.truncated);
  t.is(result.unused, 0);
});

test('simulate: without a scripted response the lookup fails over to its error branch', (t) => {
  const result = simulate(flow, ['1', '1', '1', '123456'], OPEN_HOURS, ctx());
  t.true(result.visited.includes('lookup-failed'));
  t.is(result.cursor.vars['lookupError'], 'NO_SCRIPTED_RESPONSE');
  t.like(result.last, { type: 'to-queue', queueId: 'support' });
});

test('simulate: a caller who stops typing times out through the retries', (t) => {
  const result = simulate(flow, ['1'], OPEN_HOURS, ctx());
  t.deepEqual(
    result.path.filter((e) => e.nodeId === 'main' && e.event !== 'enter').map((e) => e.event),
    ['timeout', 'timeout', 'timeout', 'exhausted'],
  );
  t.like(result.last, { type: 'to-queue' });
});

test('simulate: at night the call leaves a voicemail', (t) => {
  const result = simulate(flow, [{ recorded: { durationS: 20 } }, '0611223344'], NIGHT, ctx());
  t.deepEqual(result.visited, ['fw', 'hours', 'closed', 'vm', 'bye']);
  t.deepEqual(
    result.actions.map((a) => a.type),
    ['play', 'record-voicemail', 'get-digits', 'save-voicemail', 'hangup'],
  );
  t.like(result.actions[3], { message: { callbackNumber: '0611223344', durationS: 20 } });
});

test('simulate: a scripted hang-up ends the run and is on the path', (t) => {
  const result = simulate(flow, ['2', { hangup: true }], OPEN_HOURS, ctx());
  t.deepEqual(result.last, { type: 'end', reason: 'caller-hangup' });
  t.like(result.path.at(-1), { nodeId: 'main', event: 'hangup' });
  t.false(result.truncated);
});

test('simulate: interrupts and failures are scripted per action', (t) => {
  const doc: FlowDocument = {
    schemaVersion: 1,
    id: 's',
    name: 's',
    start: 'hello',
    nodes: {
      hello: { type: 'play', prompt: 'hello', interruptible: true, next: 'news' },
      news: { type: 'play', prompt: 'news', next: 'menu' },
      menu: { type: 'menu', prompt: 'menu', options: { '1': 'q' }, onExhausted: 'q' },
      q: { type: 'queue', queueId: 'x' },
    },
  };
  const result = simulate(
    prepare(doc),
    [{ interrupt: '5' }, { fail: 'FILE_NOT_FOUND' }, '1'],
    OPEN_HOURS,
    ctx(),
  );
  t.deepEqual(
    result.path.filter((e) => e.event !== 'enter').map((e) => `${e.nodeId}:${e.event}`),
    ['hello:interrupted', 'news:error', 'menu:digits', 'q:exit'],
  );
  t.is(result.cursor.vars['lastDigit'], '5');
});

test('simulate: a flow that loops on timeouts forever is cut at the step limit', (t) => {
  const doc: FlowDocument = {
    schemaVersion: 1,
    id: 'loop',
    name: 'loop',
    start: 'menu',
    nodes: {
      menu: {
        type: 'menu',
        prompt: 'menu',
        options: { '1': 'q' },
        maxRetries: 0,
        onExhausted: 'again',
      },
      again: { type: 'play', prompt: 'sorry', next: 'menu' },
      q: { type: 'queue', queueId: 'x' },
    },
  };
  const result = simulate(prepare(doc), [], OPEN_HOURS, ctx(), { maxActions: 50 });
  t.true(result.truncated);
  t.is(result.actions.length, 50);
});

test('simulate: the 100-level flow runs to its queue', (t) => {
  const result = simulate(prepare(menuChain(100)), Array(100).fill('1'), OPEN_HOURS, ctx());
  t.is(result.visited.length, 101);
  t.like(result.last, { type: 'to-queue', queueId: 'support' });
});
