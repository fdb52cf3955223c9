/**
 * Overflow that keeps the call (ACD-5): into another queue with its place
 * kept, and to an external number that answers, fails, or hangs up.
 */
import test from 'ava';
import type { AcdQueue } from '../../src/domain/acd/acd.types.ts';
import { enterCall } from '../../src/domain/acd/call.enter.ts';
import type { CallCommand } from '../../src/domain/acd/call.events.ts';
import { stepCall } from '../../src/domain/acd/call.machine.ts';
import { isFinished, type QueuedCall } from '../../src/domain/acd/call.state.ts';
import { at, commandsOf, queue } from './acd-helpers.ts';

const ANI = '+33612345678';
const MOBILE = '+33600000010';

function entered(q: AcdQueue, loggedInMembers = 1): QueuedCall {
  const r = enterCall(
    {
      callId: 'c1',
      ani: ANI,
      dnis: '5001',
      businessLineId: 'bl-1',
      queue: q,
      caller: { priority: 'vip', holds: [{ kind: 'sticky', agentIds: ['s'], until: at(100) }] },
      facts: { waiting: 0, loggedInMembers },
      waitingSince: at(-40),
    },
    at(0),
  );
  if (!r.ok) throw new Error(r.error.code);
  return r.state;
}

const records = (cmds: readonly CallCommand[]) =>
  cmds.flatMap((c) => (c.type === 'write-record' ? [c.record.kind] : []));

test('an overflowed call enters its target queue as VIP still, first wait kept, one hop more', (t) => {
  const first = queue('Q1', {
    maxWaitS: 30,
    settings: { overflow: { onMaxWait: { kind: 'queue', queueId: 'Q2' } } },
  });
  const second = queue('Q2', { maxWaitS: 90 });
  const out = stepCall(entered(first), { type: 'max-wait-reached' }, at(30));
  t.like(out.state.phase, { name: 'overflowed', target: { kind: 'queue', queueId: 'Q2' } });
  t.like(
    commandsOf(out).find((c) => c.type === 'overflow'),
    { hops: 1, waitingSince: at(-40) },
  );
  const wrong = stepCall(
    out.state,
    { type: 'overflow-enter', queue: queue('Q3'), facts: { waiting: 0, loggedInMembers: 1 } },
    at(30),
  );
  t.is(wrong.state, out.state, 'another queue than the target is ignored');
  const moved = stepCall(
    out.state,
    { type: 'overflow-enter', queue: second, facts: { waiting: 0, loggedInMembers: 1 } },
    at(30),
  );
  t.like(moved.state, {
    priority: 'vip',
    waitingSince: at(-40),
    enteredAt: at(30),
    hops: 1,
    holds: [],
    phase: { name: 'waiting', since: at(30) },
  });
  t.is(moved.state.queue.id, 'Q2');
  const cmds = commandsOf(moved);
  t.deepEqual(records(cmds), ['enter']);
  t.like(
    cmds.find((c) => c.type === 'start-timer' && c.key.startsWith('acd:max-wait')),
    { at: at(120) },
  );
  t.true(cmds.some((c) => c.type === 'start-moh'));
  t.false(isFinished(moved.state.phase));
});

test('an overflow into a queue of another business line is refused', (t) => {
  const first = queue('Q1', {
    maxWaitS: 30,
    settings: { overflow: { onMaxWait: { kind: 'queue', queueId: 'Q2' } } },
  });
  const out = stepCall(entered(first), { type: 'max-wait-reached' }, at(30));
  const other = queue('Q2', { businessLineId: 'bl-2' });
  const moved = stepCall(
    out.state,
    { type: 'overflow-enter', queue: other, facts: { waiting: 0, loggedInMembers: 1 } },
    at(30),
  );
  t.like(moved, { ok: false, error: { code: 'BUSINESS_LINE_MISMATCH' } });
});

function forwarding(): QueuedCall {
  const q = queue('Q1', {
    settings: { overflow: { onNoAgents: { kind: 'external', number: MOBILE, ringTimeoutS: 20 } } },
  });
  const call = entered(q, 0);
  if (call.phase.name !== 'forwarding') throw new Error(`not forwarding: ${call.phase.name}`);
  return call;
}

test('nobody logged in, to a number: the caller is held with music while the number rings', (t) => {
  const q = queue('Q1', {
    settings: { overflow: { onNoAgents: { kind: 'external', number: MOBILE, ringTimeoutS: 20 } } },
  });
  const r = enterCall(
    {
      callId: 'c1',
      ani: ANI,
      dnis: '5001',
      businessLineId: 'bl-1',
      queue: q,
      caller: { priority: 'normal', holds: [] },
      facts: { waiting: 0, loggedInMembers: 0 },
    },
    at(0),
  );
  const cmds = commandsOf(r);
  t.deepEqual(
    cmds.map((c) => c.type),
    ['write-record', 'start-moh', 'write-record', 'dial-external'],
  );
  t.like(
    cmds.find((c) => c.type === 'dial-external'),
    { number: MOBILE, ani: ANI, ringTimeoutS: 20 },
  );
});

test('the number answers: music stops, caller and number are bridged, the call is answered', (t) => {
  const answered = stepCall(forwarding(), { type: 'forward-answered' }, at(8));
  t.deepEqual(answered.state.phase, { name: 'forwarded', number: MOBILE, since: at(8) });
  const cmds = commandsOf(answered);
  t.deepEqual(
    cmds.map((c) => c.type),
    ['stop-moh', 'bridge-external', 'write-record'],
  );
  t.like(cmds[2], { record: { kind: 'answer', agentId: null, detail: `external:${MOBILE}` } });
  const ended = stepCall(answered.state, { type: 'forward-hangup' }, at(70));
  t.like(ended.state.phase, { name: 'ended', by: 'external' });
  t.like(commandsOf(ended)[0], { type: 'hangup-caller', cause: 16 });
  t.true(isFinished(ended.state.phase));
});

test('the caller hangs up while the number rings or talks: the number is hung up too', (t) => {
  for (const call of [
    forwarding(),
    stepCall(forwarding(), { type: 'forward-answered' }, at(5)).state,
  ]) {
    const gone = stepCall(call, { type: 'caller-hangup' }, at(9));
    t.like(gone.state.phase, { name: 'ended', by: 'caller' });
    t.deepEqual(
      commandsOf(gone).map((c) => c.type),
      ['hangup-external', 'write-record'],
    );
  }
});

test('the number is busy: the caller hears busy too; no answer gives 34 when the PBX gave no cause', (t) => {
  const busy = stepCall(forwarding(), { type: 'forward-failed', cause: 17 }, at(3));
  t.like(busy.state.phase, { name: 'overflowed', reason: 'no-agents' });
  t.true(isFinished(busy.state.phase));
  t.like(
    commandsOf(busy).find((c) => c.type === 'hangup-caller'),
    { cause: 17 },
  );
  t.deepEqual(records(commandsOf(busy)), ['forward-failed']);
  const unknown = stepCall(forwarding(), { type: 'forward-failed', cause: null }, at(3));
  t.like(
    commandsOf(unknown).find((c) => c.type === 'hangup-caller'),
    { cause: 34 },
  );
  const late = stepCall(busy.state, { type: 'forward-answered' }, at(4));
  t.is(late.state, busy.state, 'an answer after the failure changes nothing');
});
