/**
 * Bad input through the simulator: a lookup endpoint that is slow, fails
 * or answers garbage, a DTMF storm, a caller who hangs up mid-menu, a
 * number with no flow. The caller never waits in silence: each call ends
 * with a decision, its path is recorded and the problem is on the session
 * for the supervisor.
 */
import test from 'ava';
import type { IvrPathStep } from '../../src/domain/ivr/ivr.records.ts';
import { type IvrUnderTest, startIvr } from './ivr-harness.ts';

let h: IvrUnderTest;
test.before(async () => {
  h = await startIvr();
});
test.after.always(async () => {
  await h?.close();
});

type Step = Pick<IvrPathStep, 'nodeId' | 'event' | 'detail'>;
const at = (path: readonly Step[], nodeId: string) =>
  path
    .filter((s) => s.nodeId === nodeId)
    .map((s) => (s.detail === null ? s.event : `${s.event} ${s.detail}`));

const toOrder = (order: string) => ({ l1: ['1'], l2: ['1'], l3: ['1'], order: [`${order}#`] });

test('a slow, failing or garbled lookup takes the error branch to the queue, and says why', async (t) => {
  h.lookup.answers.set('500500', [500, '{"error":"boom"}']);
  h.lookup.answers.set('777777', [200, '<html>not json</html>']);
  const slow = h.call('+33155550001', toOrder('999999'));
  const failing = h.call('+33155550002', toOrder('500500'));
  const garbled = h.call('+33155550003', toOrder('777777'));
  for (const [channelId, reason] of [
    [slow, 'TIMEOUT'],
    [failing, 'HTTP_500'],
    [garbled, 'INVALID_JSON'],
  ] as const) {
    const { session, path } = await h.ended(channelId);
    t.like(session, { outcome: 'queue' }, reason);
    t.deepEqual(at(path, 'lookup'), ['enter', `lookup-error ${reason}`]);
    t.deepEqual(at(path, 'sorry'), ['enter']);
    t.is(session.error, `LOOKUP_FAILED lookup: ${reason}`);
    t.true(h.agiCommands(channelId).includes('STREAM FILE lookup-failed ""'));
  }
});

test('a DTMF storm is read one key per prompt and spends the retries', async (t) => {
  const channelId = h.call('+33155550004', { l1: ['987654321*#'.repeat(4)] });
  const { session, path } = await h.ended(channelId);
  t.like(session, { outcome: 'queue' });
  t.deepEqual(at(path, 'l1'), [
    'enter',
    'invalid 9',
    'invalid 8',
    'invalid 7',
    'exhausted 3 invalid, 0 timeouts',
  ]);
});

test('a caller who hangs up in a menu ends the session there, with the path so far', async (t) => {
  let channelId = '';
  const stop = h.ivr.onEvent((e) => {
    if (e.type === 'action' && e.channelId === channelId && e.nodeId === 'l2') {
      stop();
      h.sim.control.remoteHangup(channelId);
    }
  });
  channelId = h.call('+33155550005', { l1: ['1'] });
  const { session, path } = await h.ended(channelId);
  t.like(session, { outcome: 'caller-hangup', error: null });
  t.deepEqual(at(path, 'l2'), ['enter', 'hangup']);
  t.is((await h.ivrStore.sessions.getByChannelIds([channelId]))[0]?.outcome, 'caller-hangup');
});

test('a number with no flow goes to the fallback routing, and the session says so', async (t) => {
  const channelId = h.call('+33155550006', {}, '8101');
  const { session, path } = await h.ended(channelId);
  t.like(session, { outcome: 'fallback', error: 'FLOW_NOT_FOUND', flowKey: null });
  t.deepEqual(path, []);
  // The dialplan's fallback hands the call to the ACD's inbound routing, which has no route for it.
  const refused = await h.waitAcd(
    'the fallback',
    (e) => e.type === 'call-refused' && e.channelId === channelId,
  );
  t.like(refused, { code: 'ROUTE_NOT_FOUND' });
});
