import test from 'ava';
import {
  checkCaller,
  type FirewallEntry,
  type FirewallLists,
  normaliseFirewallValue,
} from '../../src/domain/ivr/firewall.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';

const entry = (
  list: FirewallEntry['list'],
  match: FirewallEntry['match'],
  value: string,
  line = 'bl-1',
): FirewallEntry => ({
  id: `${list}-${match}-${value}-${line}`,
  businessLineId: line,
  list,
  match,
  value,
  label: null,
});

const blockedNumber = entry('block', 'number', '+33612345678');
const premium = entry('block', 'prefix', '+33899');
const premiumPartner = entry('vip', 'prefix', '+338991');
const vipRange = entry('vip', 'prefix', '+336123');
const ceo = entry('vip', 'number', '+33698765432');
const both = [entry('vip', 'number', '+33611111111'), entry('block', 'number', '+33611111111')];
const anonymous = entry('block', 'anonymous', '');
const otherLine = entry('block', 'number', '+33155555555', 'bl-2');
const usRange = entry('block', 'prefix', '+1900');

const lists: FirewallLists = {
  businessLineId: 'bl-1',
  defaultCountry: 'FR',
  entries: [
    blockedNumber,
    premium,
    premiumPartner,
    vipRange,
    ceo,
    ...both,
    anonymous,
    otherLine,
    usRange,
  ],
};

const cases: Array<
  [string, string, 'block' | 'vip' | 'pass', FirewallEntry | null, string | null]
> = [
  ['a blocked number in national form', '06 12 34 56 78', 'block', blockedNumber, '+33612345678'],
  ['a blocked number with 00', '0033612345678', 'block', blockedNumber, '+33612345678'],
  [
    'a number beats a longer-matching prefix of the other list',
    '+33612345678',
    'block',
    blockedNumber,
    '+33612345678',
  ],
  ['a VIP prefix', '+33612399999', 'vip', vipRange, '+33612399999'],
  ['a VIP number', '0698765432', 'vip', ceo, '+33698765432'],
  ['a blocked prefix', '0899223456', 'block', premium, '+33899223456'],
  [
    'a longer VIP prefix carves an exception out of a blocked one',
    '0899123456',
    'vip',
    premiumPartner,
    '+33899123456',
  ],
  ['the same number on both lists: block wins', '+33611111111', 'block', both[1]!, '+33611111111'],
  ['a withheld number', 'anonymous', 'block', anonymous, null],
  ['an empty caller id', '', 'block', anonymous, null],
  ['a number only another business line blocks', '+33155555555', 'pass', null, '+33155555555'],
  ['an ordinary caller', '+33144556677', 'pass', null, '+33144556677'],
  ['a foreign number under a blocked prefix', '+19005550100', 'block', usRange, '+19005550100'],
  ['an unreadable national number', '0123', 'pass', null, null],
];

for (const [label, ani, verdict, expected, caller] of cases) {
  test(`firewall: ${label}`, (t) => {
    const result = checkCaller(lists, ani);
    t.is(result.verdict, verdict);
    t.is(result.entry, expected);
    t.is(result.caller, caller);
  });
}

test('firewall: entry order does not change the verdict', (t) => {
  const reversed = { ...lists, entries: [...lists.entries].reverse() };
  for (const [, ani, verdict] of cases) t.is(checkCaller(reversed, ani).verdict, verdict, ani);
});

test('firewall values are stored in E.164', (t) => {
  t.is(normaliseFirewallValue('number', '06 12 34 56 78', 'FR'), '+33612345678');
  t.is(normaliseFirewallValue('number', '+1 (212) 555-1234'), '+12125551234');
  t.is(normaliseFirewallValue('prefix', '00 33 899'), '+33899');
  t.is(normaliseFirewallValue('prefix', '+1-900'), '+1900');
  t.is(normaliseFirewallValue('anonymous', 'whatever'), '');
});

test('firewall values that are not numbers or international prefixes are refused with a reason', (t) => {
  const national = t.throws(() => normaliseFirewallValue('prefix', '0899', 'FR'), {
    instanceOf: DomainError,
  });
  t.is(national?.code, 'INVALID_PHONE_NUMBER');
  t.regex(national?.message ?? '', /international prefix/);
  t.throws(() => normaliseFirewallValue('prefix', '+0'), { instanceOf: DomainError });
  t.throws(() => normaliseFirewallValue('number', '12'), { instanceOf: DomainError });
  t.throws(() => normaliseFirewallValue('number', '0612345678'), { instanceOf: DomainError });
});
