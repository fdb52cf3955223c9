import test from 'ava';
import { backoffDelay } from '../../src/asterisk/ami/ami-backoff.ts';
import { isAmiError } from '../../src/asterisk/ami/ami-errors.ts';
import { encodeAction } from '../../src/asterisk/ami/ami-message.ts';

test('an action is framed with CRLF lines and a closing blank line', (t) => {
  t.is(
    encodeAction('CoreShowChannels', 'id-1', {}),
    'Action: CoreShowChannels\r\nActionID: id-1\r\n\r\n',
  );
});

test('array values and pair lists write repeated headers in order', (t) => {
  const fromRecord = encodeAction('Originate', 'o1', {
    Channel: 'Local/100@sim-customer',
    Variable: ['A=1', 'B=2'],
    Async: true,
  });
  t.is(
    fromRecord,
    'Action: Originate\r\nActionID: o1\r\nChannel: Local/100@sim-customer\r\n' +
      'Variable: A=1\r\nVariable: B=2\r\nAsync: true\r\n\r\n',
  );
  const fromPairs = encodeAction('Originate', 'o2', [
    ['Variable', 'A=1'],
    ['Channel', 'x'],
    ['Variable', 'B=2'],
  ]);
  t.true(fromPairs.includes('Variable: A=1\r\nChannel: x\r\nVariable: B=2\r\n'));
});

const injections: Array<[string, Record<string, string>]> = [
  ['CRLF in a value', { Channel: 'PJSIP/1001\r\nAction: Command' }],
  ['LF in a value', { Channel: 'PJSIP/1001\nAction: Command' }],
  ['CR in a value', { Channel: 'PJSIP/1001\rX' }],
  ['CRLF in a key', { 'Channel\r\nAction': 'x' }],
  ['colon in a key', { 'Channel: x\r\nY': 'z' }],
  ['caller-supplied ActionID', { ActionID: 'spoofed' }],
];
for (const [title, fields] of injections) {
  test(`header injection rejected: ${title}`, (t) => {
    const err = t.throws(() => encodeAction('Originate', 'o1', fields));
    t.true(isAmiError(err, 'AMI_INVALID_VALUE'));
  });
}

test('an action name with a line break is rejected', (t) => {
  const err = t.throws(() => encodeAction('Ping\r\nAction: Command', 'x', {}));
  t.true(isAmiError(err, 'AMI_INVALID_VALUE'));
});

test('backoff grows exponentially, is capped, and stays within half..full step', (t) => {
  const opts = { minMs: 100, maxMs: 1_000 };
  t.is(
    backoffDelay(0, opts, () => 0),
    50,
  );
  t.is(
    backoffDelay(0, opts, () => 0.999_999),
    100,
  );
  t.is(
    backoffDelay(2, opts, () => 0),
    200,
  );
  t.is(
    backoffDelay(3, opts, () => 0.5),
    600,
  );
  t.is(
    backoffDelay(10, opts, () => 0.999_999),
    1_000,
  );
  t.is(
    backoffDelay(500, opts, () => 0),
    500,
  );
});
