import test from 'ava';
import { DEFAULT_ACD_SETTINGS, parseAcdSettings } from '../../src/domain/acd/acd.types.ts';
import { expectedWaitS, minutesToAnnounce } from '../../src/domain/acd/announce.ts';

test('a queue with no stored ACD settings gets every default', (t) => {
  t.like(DEFAULT_ACD_SETTINGS, {
    weight: 0,
    relaxation: [],
    autoPauseAfterMisses: 3,
    reofferAfterS: 30,
    overflow: {
      onMaxWait: { kind: 'hangup', cause: 19 },
      onMaxLength: { kind: 'hangup', cause: 17 },
      onNoAgents: null,
      maxHops: 3,
    },
    sticky: { enabled: true, holdS: 20 },
    callback: { afterAbandonS: null, offerKey: '1', maxAttempts: 3 },
  });
  const parsed = parseAcdSettings(undefined);
  t.deepEqual(parsed.ok ? parsed.settings : null, DEFAULT_ACD_SETTINGS);
});

test('partial settings keep the other defaults; relaxation steps come back in time order', (t) => {
  const parsed = parseAcdSettings({
    sticky: { holdS: 45 },
    relaxation: [
      { afterS: 120, maxRequiredLevel: 1 },
      { afterS: 30, minLevelDelta: -1 },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  t.deepEqual(parsed.settings.sticky, { enabled: true, holdS: 45, memoryS: 604_800 });
  t.deepEqual(parsed.settings.relaxation, [
    { afterS: 30, minLevelDelta: -1, maxRequiredLevel: null },
    { afterS: 120, minLevelDelta: 0, maxRequiredLevel: 1 },
  ]);
});

const invalid: [string, unknown, string][] = [
  ['a negative wait', { reofferAfterS: -1 }, 'reofferAfterS'],
  [
    'a raising relaxation',
    { relaxation: [{ afterS: 10, minLevelDelta: 2 }] },
    'relaxation.0.minLevelDelta',
  ],
  [
    'an overflow number not in E.164',
    { overflow: { onMaxWait: { kind: 'external', number: '0612' } } },
    'overflow.onMaxWait.number',
  ],
  [
    'an unknown overflow kind',
    { overflow: { onMaxWait: { kind: 'fax' } } },
    'overflow.onMaxWait.kind',
  ],
  ['an unknown field', { colour: 'blue' }, ''],
  ['a two-key callback code', { callback: { offerKey: '12' } }, 'callback.offerKey'],
];

for (const [name, input, path] of invalid) {
  test(`settings refuse ${name}`, (t) => {
    const parsed = parseAcdSettings(input);
    t.false(parsed.ok);
    if (parsed.ok) return;
    t.is(parsed.error.code, 'VALIDATION_FAILED');
    const issues = parsed.error.details.issues as { path: string }[];
    t.true(
      issues.some((i) => i.path === path),
      JSON.stringify(issues),
    );
  });
}

test('expected wait: position times handle time over the agents serving', (t) => {
  t.is(expectedWaitS(1, 180, 3), 60);
  t.is(expectedWaitS(6, 180, 3), 360);
  t.is(expectedWaitS(6, null, 3), null);
  t.is(expectedWaitS(6, 180, 0), null);
  t.is(minutesToAnnounce(20), 1);
  t.is(minutesToAnnounce(361), 7);
});
