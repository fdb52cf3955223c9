/**
 * Call cost from rate tables (per-minute price, billing increment, minimum,
 * setup fee; most specific trunk and prefix) and the caller's origin
 * (libphonenumber-js plus the customer's prefix table), table-driven.
 */
import test from 'ava';
import { billedSeconds, costOf, type Rate, rateFor } from '../../src/domain/reports/rating.ts';
import { compileRegions, originOf } from '../../src/domain/reports/region.ts';

const rate = (p: Partial<Rate>): Rate => ({
  prefix: '',
  trunk: '',
  perMinuteMicros: 0,
  incrementS: 1,
  minimumS: 0,
  setupMicros: 0,
  ...p,
});

const RATES: Rate[] = [
  rate({ prefix: '33', perMinuteMicros: 20_000, incrementS: 60 }), // 0.02 per minute, per minute
  rate({
    prefix: '336',
    perMinuteMicros: 120_000,
    incrementS: 30,
    minimumS: 30,
    setupMicros: 50_000,
  }),
  rate({ prefix: '336', trunk: 'cheap', perMinuteMicros: 60_000, incrementS: 1 }),
  rate({ prefix: '', perMinuteMicros: 500_000, incrementS: 60 }),
];

const T = Date.UTC(2026, 0, 5, 10);
const call = (p: {
  direction?: 'inbound' | 'outbound' | 'internal';
  dnis?: string;
  ani?: string;
  talkS?: number | null;
  trunk?: string | null;
}) => ({
  direction: p.direction ?? 'outbound',
  ani: p.ani ?? '1001',
  dnis: p.dnis ?? '+33612345678',
  answeredAt: p.talkS === null ? null : T,
  endedAt: T + (p.talkS ?? 0) * 1000,
  trunk: p.trunk ?? 'trunk',
});

const cases: Array<[string, Parameters<typeof call>[0], number | null]> = [
  // 336 rate: 95 s -> ceil(95 / 30) = 4 increments = 120 s; 0.05 + 0.12 * 2 = 0.29
  ['mobile, increments of 30 s, setup fee', { talkS: 95 }, 50_000 + 240_000],
  // minimum 30 s: 10 s -> 30 s billed: 0.05 + 0.06
  ['mobile, minimum applies', { talkS: 10 }, 50_000 + 60_000],
  // the trunk's own rate wins over a longer prefix of any trunk: per second, 95 s * 0.06 / 60
  ['mobile on the cheap trunk', { talkS: 95, trunk: 'cheap' }, 95_000],
  // landline 33: 61 s -> 2 minutes * 0.02
  ['landline, per minute', { dnis: '+33140000000', talkS: 61 }, 40_000],
  // anything else: the '' prefix
  ['abroad, catch-all', { dnis: '+442071234567', talkS: 30 }, 500_000],
  ['unanswered costs nothing', { talkS: null }, 0],
  ['internal calls are not priced', { direction: 'internal', talkS: 30 }, null],
  // inbound calls are priced by the caller's number
  [
    'inbound by ANI',
    { direction: 'inbound', ani: '+33140000000', dnis: '5001', talkS: 60 },
    20_000,
  ],
];

for (const [title, input, expected] of cases) {
  test(`cost: ${title}`, (t) => {
    t.is(costOf(call(input), RATES), expected);
  });
}

test('billed seconds round up to the increment', (t) => {
  t.is(billedSeconds(0, rate({ incrementS: 60 })), 0);
  t.is(billedSeconds(1, rate({ incrementS: 60 })), 60);
  t.is(billedSeconds(60_000, rate({ incrementS: 60 })), 60);
  t.is(billedSeconds(60_001, rate({ incrementS: 6 })), 66);
  t.is(rateFor(RATES, '4420', 'x')?.prefix, '');
  t.is(costOf(call({ talkS: 30 }), []), null);
});

test('origin: country and type from libphonenumber, region from the longest prefix', (t) => {
  const table = compileRegions([
    { prefix: '33', region: 'France' },
    { prefix: '331', region: 'Ile-de-France' },
    { prefix: '3314', region: 'Paris centre' },
  ]);
  t.deepEqual(originOf('+33140000000', table), {
    country: 'FR',
    region: 'Paris centre',
    numberType: 'FIXED_LINE',
  });
  t.deepEqual(originOf('+33130000000', table), {
    country: 'FR',
    region: 'Ile-de-France',
    numberType: 'FIXED_LINE',
  });
  t.deepEqual(originOf('+33612345678', table), {
    country: 'FR',
    region: 'France',
    numberType: 'MOBILE',
  });
  t.deepEqual(originOf('0612345678', table, 'FR'), {
    country: 'FR',
    region: 'France',
    numberType: 'MOBILE',
  });
  t.deepEqual(originOf('+12125550100', table), {
    country: 'US',
    region: 'US',
    numberType: 'FIXED_LINE_OR_MOBILE',
  });
  t.deepEqual(originOf('anonymous', table), { country: null, region: null, numberType: null });
});
