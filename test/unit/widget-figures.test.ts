/**
 * The widget's pure helpers: the wallboard's figures of today (service
 * level, abandon rate, calls per quarter hour, alerts), transfer targets,
 * and formatting (durations, the CRM link, which never becomes anything
 * but an http(s) URL).
 */
import test from 'ava';
import { targetOf } from '../../src/widget/agent/targets.ts';
import { crmUrl, duration, listOf, percent } from '../../src/widget/lib/format.ts';
import {
  alertsOf,
  type BoardQueue,
  callsPerQuarter,
  type DayCall,
  queueDay,
  rereadFrom,
} from '../../src/widget/wallboard/board-figures.ts';

// The helpers resolve URLs against the page; tests have no page.
(globalThis as { location?: unknown }).location = { href: 'https://crm.example/app' };

const MIDNIGHT = Date.UTC(2026, 2, 2, 0, 0, 0);
const at = (minutes: number, seconds = 0) =>
  new Date(MIDNIGHT + minutes * 60_000 + seconds * 1000).toISOString();

const SALES: BoardQueue = { id: 'q1', name: 'Sales', serviceLevelS: 20, serviceLevelTarget: 0.8 };
const BILLING: BoardQueue = {
  id: 'q2',
  name: 'Billing',
  serviceLevelS: 30,
  serviceLevelTarget: 0.5,
};

function call(queue: string, start: number, answerAfterS: number | null, ended = true): DayCall {
  return {
    id: `${queue}-${start}`,
    startedAt: at(start),
    answeredAt: answerAfterS === null ? null : at(start, answerAfterS),
    endedAt: ended ? at(start + 5) : null,
    direction: 'INBOUND',
    queue: { id: queue },
  };
}

const CALLS: DayCall[] = [
  call('q1', 0, 5), // in time
  call('q1', 14, 25), // answered late
  call('q1', 16, null), // abandoned
  call('q1', 31, null, false), // still waiting: not counted yet
  call('q2', 31, 10),
  call('q2', 70, 40),
];

test('service level and abandon rate of a queue today', (t) => {
  t.deepEqual(queueDay(CALLS, SALES), {
    offered: 3,
    answered: 2,
    abandoned: 1,
    serviceLevel: 1 / 2,
    abandonRate: 1 / 3,
  });
  t.like(queueDay(CALLS, BILLING), { offered: 2, serviceLevel: 0.5, abandonRate: 0 });
  t.like(queueDay([call('q1', 0, null)], SALES), {
    offered: 1,
    serviceLevel: null,
    abandonRate: 1,
  });
  t.like(queueDay([], SALES), { offered: 0, serviceLevel: null, abandonRate: null });
});

test('calls per quarter hour up to now', (t) => {
  t.deepEqual(callsPerQuarter(CALLS, MIDNIGHT, MIDNIGHT + 71 * 60_000), [2, 1, 2, 0, 1]);
  t.deepEqual(callsPerQuarter(CALLS, MIDNIGHT, MIDNIGHT), [2]);
});

test('an alert for each queue below its service-level target, worst first', (t) => {
  const days = new Map([
    ['q1', queueDay(CALLS, SALES)],
    ['q2', queueDay(CALLS, BILLING)],
  ]);
  t.deepEqual(alertsOf([BILLING, SALES], days), [
    { queueId: 'q1', queueName: 'Sales', serviceLevel: 1 / 2, target: 0.8 },
  ]);
  const worse = new Map([
    ['q1', { ...queueDay(CALLS, SALES), serviceLevel: 0.7 }],
    ['q2', { ...queueDay(CALLS, BILLING), serviceLevel: 0.1 }],
  ]);
  t.deepEqual(
    alertsOf([SALES, BILLING], worse).map((a) => a.queueName),
    ['Billing', 'Sales'],
  );
});

test('transfer targets: directory entries, pasted global ids, else a number', (t) => {
  t.deepEqual(targetOf('agent:QWdlbnQ6MQ=='), { agentId: 'QWdlbnQ6MQ==' });
  t.deepEqual(targetOf('queue:UXVldWU6MQ=='), { queueId: 'UXVldWU6MQ==' });
  t.deepEqual(targetOf(` ${btoa('Agent:42')} `), { agentId: btoa('Agent:42') });
  t.deepEqual(targetOf(btoa('Queue:7')), { queueId: btoa('Queue:7') });
  t.deepEqual(targetOf('06 12 34 56 78'), { number: '06 12 34 56 78' });
  t.deepEqual(targetOf('+33612345678'), { number: '+33612345678' });
  t.is(targetOf('   '), null);
});

test('durations, shares and lists read as a wall clock and a person would', (t) => {
  t.is(duration(0), '0:00');
  t.is(duration(65_000), '1:05');
  t.is(duration(3_725_000), '1:02:05');
  t.is(duration(-5000), '0:00');
  t.is(percent(0.8), '80%');
  t.is(percent(null), '–');
  t.deepEqual(listOf(' sale, info ,,complaint '), ['sale', 'info', 'complaint']);
});

test('the CRM link fills and encodes its fields and is only ever http(s)', (t) => {
  const fields = {
    ani: '+33612345678',
    dnis: '5001',
    callId: '1772.5',
    contactId: 'Q29udGFjdDox',
    queue: 'Sales & Co',
  };
  t.is(
    crmUrl('https://crm.example/find?phone={ani}&c={contactId}&q={queue}', fields),
    'https://crm.example/find?phone=%2B33612345678&c=Q29udGFjdDox&q=Sales%20%26%20Co',
  );
  t.is(crmUrl('/calls/{callId}', fields), 'https://crm.example/calls/1772.5');
  t.is(crmUrl('javascript:alert({ani})', fields), null);
  t.is(crmUrl('', fields), null);
  t.is(crmUrl(undefined, fields), null);
});

test("the day's calls are read again from the earliest one still in progress", (t) => {
  t.is(rereadFrom([], MIDNIGHT), MIDNIGHT);
  const finished = [call('q1', 0, 5), call('q1', 14, 25)];
  t.is(rereadFrom(finished, MIDNIGHT), Date.parse(at(14)), 'from the latest start');
  t.is(rereadFrom([...finished, call('q1', 10, null, false)], MIDNIGHT), Date.parse(at(10)));
});
