/**
 * Pure rules of wrap-up codes and of the IVR path a screen pop shows:
 * a queue's codes checked against what the agent gave, and a session's
 * steps turned into the labels the widget lists.
 */
import test from 'ava';
import { checkDisposition, wrapUpSettingsSchema } from '../../src/domain/acd/disposition.ts';
import type { IvrPathStep } from '../../src/domain/ivr/ivr.records.ts';
import { popPathOf } from '../../src/domain/ivr/pop-path.ts';

const settings = (dispositions: string[], dispositionRequired: boolean) =>
  wrapUpSettingsSchema.parse({ dispositions, dispositionRequired });

type Code = 'DISPOSITION_REQUIRED' | 'DISPOSITION_UNKNOWN' | null;
const cases: Array<[string, ReturnType<typeof settings>, string | null, Code]> = [
  ['listed code', settings(['sale', 'info'], true), 'sale', null],
  ['unknown code, required', settings(['sale', 'info'], true), 'spam', 'DISPOSITION_UNKNOWN'],
  ['unknown code, not required', settings(['sale'], false), 'spam', 'DISPOSITION_UNKNOWN'],
  ['none, required', settings(['sale'], true), null, 'DISPOSITION_REQUIRED'],
  ['none, required, no list', settings([], true), null, 'DISPOSITION_REQUIRED'],
  ['none, not required', settings(['sale'], false), null, null],
  ['any code without a list', settings([], false), 'whatever', null],
  ['codes match exactly', settings(['Sale'], false), 'sale', 'DISPOSITION_UNKNOWN'],
];
for (const [title, s, given, expected] of cases) {
  test(`checkDisposition: ${title}`, (t) => {
    t.is(checkDisposition(s, given, 'Sales')?.code ?? null, expected);
  });
}

test('wrap-up settings: defaults, trimmed codes, duplicates refused', (t) => {
  t.deepEqual(wrapUpSettingsSchema.parse({}), { dispositions: [], dispositionRequired: false });
  t.deepEqual(wrapUpSettingsSchema.parse({ dispositions: [' sale '] }).dispositions, ['sale']);
  t.false(wrapUpSettingsSchema.safeParse({ dispositions: ['a', 'a'] }).success);
  t.false(wrapUpSettingsSchema.safeParse({ dispositions: [''] }).success);
});

const step = (flowKey: string, nodeId: string, event: string, detail: string | null = null) =>
  ({
    sessionId: 's',
    seq: 0,
    at: 0,
    flowKey,
    flowVersion: 1,
    nodeId,
    nodeType: 'menu',
    event,
    detail,
  }) as IvrPathStep;

test('popPathOf: nodes in order, the key pressed at a menu, other flows named', (t) => {
  t.deepEqual(popPathOf([]), []);
  t.deepEqual(
    popPathOf([
      step('main', 'hours', 'enter'),
      step('main', 'hours', 'period', 'open'),
      step('main', 'menu', 'enter'),
      step('main', 'menu', 'timeout'),
      step('main', 'menu', 'digits', '3'),
      step('main', 'menu', 'enter'),
      step('main', 'menu', 'digits', '1'),
      step('sales', 'queue', 'enter'),
    ]),
    ['hours', 'menu [3]', 'menu [1]', 'sales/queue'],
  );
});
