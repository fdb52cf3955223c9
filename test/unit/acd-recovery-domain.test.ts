/**
 * The pure side of taking the ACD back after a restart: a call adopted
 * waiting keeps its entry time (and so its place and its max wait) and
 * gets hold music only when it has none; a call adopted connected is on
 * its agent; an agent's saved presence gives its state back.
 */
import test from 'ava';
import { DEFAULT_ACD_SETTINGS } from '../../src/domain/acd/acd.types.ts';
import { restoreAgent } from '../../src/domain/acd/agent.restore.ts';
import { adoptCall } from '../../src/domain/acd/call.adopt.ts';
import { maxWaitTimerKey } from '../../src/domain/acd/call.events.ts';

const queue = {
  id: 'q1',
  businessLineId: 'line',
  strategy: 'longest-idle' as const,
  ringTimeoutS: 15,
  maxWaitS: 600,
  maxLength: null,
  wrapUpS: 5,
  requiredSkills: [],
  settings: DEFAULT_ACD_SETTINGS,
};
const NOW = 1_000_000;
const input = (connected: { agentId: string; since: number } | null, onHold: boolean) => ({
  callId: 'c1',
  ani: '+33612345678',
  dnis: '5001',
  businessLineId: 'line',
  queue,
  caller: { priority: 'normal' as const, holds: [] },
  enteredAt: NOW - 120_000,
  waitingSince: NOW - 120_000,
  connected,
  onHold,
});

test('a waiting call keeps its entry time; its max wait counts from then', (t) => {
  const { state, commands } = adoptCall(input(null, true), NOW);
  t.is(state.phase.name, 'waiting');
  t.is(state.enteredAt, NOW - 120_000);
  t.is(state.waitingSince, NOW - 120_000);
  const maxWait = commands.find((c) => c.type === 'start-timer' && c.key === maxWaitTimerKey('c1'));
  t.deepEqual(maxWait && 'at' in maxWait ? maxWait.at : null, NOW - 120_000 + 600_000);
  t.false(
    commands.some((c) => c.type === 'start-moh'),
    'already on hold: no second hold',
  );
  t.false(
    commands.some((c) => c.type === 'write-record'),
    'its record already says how it entered',
  );
  t.true(commands.some((c) => c.type === 'schedule-dispatch'));
});

test('a waiting caller found out of its holding bridge is put on hold again', (t) => {
  const { commands } = adoptCall(input(null, false), NOW);
  t.true(commands.some((c) => c.type === 'start-moh'));
});

test('a bridged call is connected to its agent, with nothing to do', (t) => {
  const { state, commands } = adoptCall(input({ agentId: 'a1', since: NOW - 30_000 }, false), NOW);
  t.deepEqual(state.phase, { name: 'connected', agentId: 'a1', since: NOW - 30_000 });
  t.deepEqual(commands, []);
});

test('agents come back as saved: free, paused with the reason, on the call the PBX shows', (t) => {
  const saved = (status: 'available' | 'paused' | 'on-call' | 'wrap-up' | 'logged-out') => ({
    agentId: 'a1',
    status,
    reason: status === 'paused' ? 'lunch' : null,
    since: NOW - 50_000,
  });
  t.deepEqual(restoreAgent(saved('available'), null, NOW).activity, {
    status: 'available',
    idleSince: NOW - 50_000,
  });
  t.deepEqual(restoreAgent(saved('paused'), null, NOW).activity, {
    status: 'paused',
    reason: 'lunch',
    since: NOW - 50_000,
  });
  t.deepEqual(restoreAgent(saved('on-call'), { callId: 'c1', since: NOW - 10_000 }, NOW).activity, {
    status: 'on-call',
    callId: 'c1',
    since: NOW - 10_000,
  });
  // Its call ended while callwright was away, or it was in wrap-up: free from now.
  t.deepEqual(restoreAgent(saved('on-call'), null, NOW).activity, {
    status: 'available',
    idleSince: NOW,
  });
  t.deepEqual(restoreAgent(saved('wrap-up'), null, NOW).activity, {
    status: 'available',
    idleSince: NOW,
  });
  t.deepEqual(restoreAgent(saved('logged-out'), null, NOW).activity, { status: 'logged-out' });
});
