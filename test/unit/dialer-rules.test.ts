/**
 * The dialer's pure rules, table-driven: outcomes from causes, retries and
 * the next number, calling windows in the callee's zone with holidays, DNC,
 * masking and the dial string.
 */
import test from 'ava';
import { isCallable, nextCallableAt } from '../../src/domain/dialer/calling-window.ts';
import {
  callingWindowSchema,
  DEFAULT_CAMPAIGN_SETTINGS,
  dialString,
  maskNumber,
  retryRulesSchema,
} from '../../src/domain/dialer/campaign.ts';
import { isBlocked } from '../../src/domain/dialer/dnc.ts';
import { type AttemptOutcome, outcomeOfCause } from '../../src/domain/dialer/outcome.ts';
import { afterAttempt, nextNumber, type RecordNumber } from '../../src/domain/dialer/retry.ts';

const causes: Array<[number | null, AttemptOutcome]> = [
  [17, 'busy'],
  [21, 'busy'],
  [19, 'no-answer'],
  [18, 'no-answer'],
  [null, 'no-answer'],
  [1, 'invalid'],
  [28, 'invalid'],
  [34, 'failed'],
  [38, 'failed'],
];
for (const [cause, outcome] of causes) {
  test(`cause ${cause} is ${outcome}`, (t) => t.is(outcomeOfCause(cause), outcome));
}

const rules = retryRulesSchema.parse({});
const NOW = Date.UTC(2026, 0, 5, 10, 0, 0);
const num = (e164: string, attempts = 0, status: RecordNumber['status'] = 'active') => ({
  e164,
  timezone: 'Europe/Paris',
  attempts,
  status,
});

const retryCases: Array<{
  name: string;
  numbers: RecordNumber[];
  index: number;
  outcome: AttemptOutcome;
  recordAttempts: number;
  expect: { kind: string; at?: number; status?: string; statuses?: string[] };
}> = [
  {
    name: 'busy retries after 5 minutes',
    numbers: [num('+33612345670')],
    index: 0,
    outcome: 'busy',
    recordAttempts: 1,
    expect: { kind: 'retry', at: NOW + 300_000 },
  },
  {
    name: 'no answer retries after an hour',
    numbers: [num('+33612345670')],
    index: 0,
    outcome: 'no-answer',
    recordAttempts: 1,
    expect: { kind: 'retry', at: NOW + 3_600_000 },
  },
  {
    name: 'a machine retries the next day',
    numbers: [num('+33612345670')],
    index: 0,
    outcome: 'machine',
    recordAttempts: 1,
    expect: { kind: 'retry', at: NOW + 86_400_000 },
  },
  {
    name: 'a connected call completes the record',
    numbers: [num('+33612345670'), num('+33612345680')],
    index: 0,
    outcome: 'connected',
    recordAttempts: 1,
    expect: { kind: 'finished', status: 'completed' },
  },
  {
    name: 'an invalid number moves to the next number at once',
    numbers: [num('+33612345670'), num('+33612345680')],
    index: 0,
    outcome: 'invalid',
    recordAttempts: 1,
    expect: { kind: 'retry', at: NOW, statuses: ['invalid', 'active'] },
  },
  {
    name: 'the only number invalid makes the record invalid',
    numbers: [num('+33612345670')],
    index: 0,
    outcome: 'invalid',
    recordAttempts: 1,
    expect: { kind: 'finished', status: 'invalid' },
  },
  {
    name: 'a number at its attempt limit is done and the next one is tried',
    numbers: [num('+33612345670', 2), num('+33612345680')],
    index: 0,
    outcome: 'no-answer',
    recordAttempts: 3,
    expect: { kind: 'retry', at: NOW, statuses: ['done', 'active'] },
  },
  {
    name: 'the record attempt limit exhausts it',
    numbers: [num('+33612345670', 1), num('+33612345680', 1)],
    index: 1,
    outcome: 'busy',
    recordAttempts: 6,
    expect: { kind: 'finished', status: 'exhausted' },
  },
  {
    name: 'a skipped preview does not count as an attempt and comes back later',
    numbers: [num('+33612345670', 2)],
    index: 0,
    outcome: 'skipped',
    recordAttempts: 2,
    expect: { kind: 'retry', at: NOW + 3_600_000, statuses: ['active'] },
  },
];
for (const c of retryCases) {
  test(`retry: ${c.name}`, (t) => {
    const d = afterAttempt({ ...c, rules, now: NOW });
    t.is(d.kind as string, c.expect.kind);
    if (d.kind === 'retry' && c.expect.at !== undefined) t.is(d.at, c.expect.at);
    if (d.kind === 'finished') t.is(d.status as string | undefined, c.expect.status);
    if (c.expect.statuses) {
      t.deepEqual(
        d.numbers.map((n) => n.status),
        c.expect.statuses,
      );
    }
  });
}

test('next number: the active number tried least, first on a tie, callable only', (t) => {
  const numbers = [num('+1', 2), num('+2', 1), num('+3', 1), num('+4', 0, 'invalid')];
  t.is(nextNumber(numbers), 1);
  t.is(
    nextNumber(numbers, (n) => n.e164 !== '+2'),
    2,
  );
  t.is(
    nextNumber(numbers, () => false),
    -1,
  );
});

const window = callingWindowSchema.parse({ start: '08:00', end: '21:00' });
const windowCases: Array<[string, string, string | null, string, boolean]> = [
  ['Paris 10:00 on a Monday', 'Europe/Paris', 'FR', '2026-01-05T09:00:00Z', true],
  ['Paris 07:59', 'Europe/Paris', 'FR', '2026-01-05T06:59:00Z', false],
  ['Paris 21:00 is closed', 'Europe/Paris', 'FR', '2026-01-05T20:00:00Z', false],
  [
    'New York 07:00 while Paris is at 13:00',
    'America/New_York',
    'US',
    '2026-01-05T12:00:00Z',
    false,
  ],
  ['New York 09:00', 'America/New_York', 'US', '2026-01-05T14:00:00Z', true],
  ['Sunday is not a calling day', 'Europe/Paris', 'FR', '2026-01-04T10:00:00Z', false],
  ['1 May is a French holiday', 'Europe/Paris', 'FR', '2026-05-01T10:00:00Z', false],
  ['1 May is an ordinary day in the US', 'America/New_York', 'US', '2026-05-01T14:00:00Z', true],
  ['an invalid zone is never callable', 'Mars/Olympus', null, '2026-01-05T10:00:00Z', false],
];
for (const [name, zone, country, at, open] of windowCases) {
  test(`window: ${name}`, (t) => t.is(isCallable(window, zone, country, Date.parse(at)), open));
}

test('window: the next opening is the next allowed morning in the callee zone', (t) => {
  // Saturday 22:00 in Paris: Sunday is off, so Monday 08:00 Paris.
  const at = nextCallableAt(window, 'Europe/Paris', 'FR', Date.parse('2026-01-03T21:00:00Z'));
  t.is(at, Date.parse('2026-01-05T07:00:00Z'));
  const now = Date.parse('2026-01-05T09:00:00Z');
  t.is(nextCallableAt(window, 'Europe/Paris', 'FR', now), now);
});

test('DNC: global and business-line lists both block', (t) => {
  const lists = { global: new Set([33612345670]), line: new Set([33612345680]) };
  t.true(isBlocked(lists, '+33612345670'));
  t.true(isBlocked(lists, '+33612345680'));
  t.false(isBlocked(lists, '+33612345690'));
});

test('masking keeps the last two digits; the dial string drops the plus', (t) => {
  t.is(maskNumber('+33612345678', true), '**********78');
  t.is(maskNumber('+33612345678', false), '+33612345678');
  t.is(dialString(DEFAULT_CAMPAIGN_SETTINGS, '+33612345678'), 'PJSIP/33612345678@trunk');
});
