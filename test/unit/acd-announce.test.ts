/**
 * Position and expected-wait announcements (ACD-6): the core sounds and
 * their order, as Asterisk's app_queue says them, and numbers read the way
 * say.c reads them.
 */
import test from 'ava';
import { announcementMedia, sayNumber } from '../../src/domain/acd/announce.ts';
import { directQueueFor, isDirectQueueId } from '../../src/domain/acd/direct.ts';
import { compileVip, isVipNumber, matchVip } from '../../src/domain/acd/vip.ts';

const numbers: [number, string[]][] = [
  [0, ['digits/0']],
  [7, ['digits/7']],
  [13, ['digits/13']],
  [20, ['digits/20']],
  [42, ['digits/40', 'digits/2']],
  [100, ['digits/1', 'digits/hundred']],
  [315, ['digits/3', 'digits/hundred', 'digits/15']],
  [999, ['digits/9', 'digits/hundred', 'digits/90', 'digits/9']],
  [5000, ['digits/9', 'digits/hundred', 'digits/90', 'digits/9']],
];

for (const [n, files] of numbers) {
  test(`say ${n}`, (t) => {
    t.deepEqual(sayNumber(n), files);
  });
}

const both = { position: true, expectedWait: true };

test('the next caller hears "you are next"; the expected wait follows in minutes', (t) => {
  t.deepEqual(announcementMedia(1, 150, both), [
    'sound:queue-youarenext',
    'sound:queue-holdtime',
    'sound:digits/3',
    'sound:queue-minutes',
    'sound:queue-thankyou',
  ]);
});

test('a caller further back hears how many calls are waiting; under a minute is "less than one minute"', (t) => {
  t.deepEqual(announcementMedia(4, 40, both), [
    'sound:queue-thereare',
    'sound:digits/4',
    'sound:queue-callswaiting',
    'sound:queue-holdtime',
    'sound:queue-less-than',
    'sound:digits/1',
    'sound:queue-minute',
    'sound:queue-thankyou',
  ]);
});

test('without handle times only the position is said; with both parts off nothing is', (t) => {
  t.deepEqual(announcementMedia(2, null, both), [
    'sound:queue-thereare',
    'sound:digits/2',
    'sound:queue-callswaiting',
    'sound:queue-thankyou',
  ]);
  t.deepEqual(announcementMedia(2, 300, { position: false, expectedWait: true }), [
    'sound:queue-holdtime',
    'sound:digits/5',
    'sound:queue-minutes',
    'sound:queue-thankyou',
  ]);
  t.deepEqual(announcementMedia(2, null, { position: false, expectedWait: true }), []);
  t.deepEqual(announcementMedia(2, 300, { position: false, expectedWait: false }), []);
});

test('VIP list: an exact number beats a prefix, a longer prefix a shorter one', (t) => {
  const book = compileVip([
    { number: '+3361*', dedicatedAgentIds: ['block'] },
    { number: '+336123*', dedicatedAgentIds: ['branch'] },
    { number: '+33612345678', dedicatedAgentIds: ['named'] },
  ]);
  t.deepEqual(matchVip(book, '+33612345678'), { dedicatedAgentIds: ['named'] });
  t.deepEqual(matchVip(book, '+33612399999'), { dedicatedAgentIds: ['branch'] });
  t.deepEqual(matchVip(book, '+33619999999'), { dedicatedAgentIds: ['block'] });
  t.is(matchVip(book, '+33700000000'), null);
  t.is(matchVip(book, ''), null, 'a withheld number is never a VIP');
  t.true(isVipNumber('+33612345678'));
  t.true(isVipNumber('+3361*'));
  t.false(isVipNumber('0612345678'));
  t.false(isVipNumber('+33*1'));
});

test("an agent's personal queue rings only that agent and lets the caller go when nobody is there", (t) => {
  const q = directQueueFor({ id: 'a1', businessLineId: 'bl-1' });
  t.true(isDirectQueueId(q.id));
  t.false(isDirectQueueId('5b3c0d1e-0000-4000-8000-000000000000'));
  t.like(q, { businessLineId: 'bl-1', directAgentId: 'a1', maxWaitS: 60 });
  t.deepEqual(q.settings.overflow.onNoAgents, { kind: 'hangup', cause: 20 });
  t.is(q.settings.autoPauseAfterMisses, 0);
  t.false(q.settings.sticky.enabled);
});
