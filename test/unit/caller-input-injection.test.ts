/**
 * Caller-controlled strings (caller ID name and number, DTMF, channel
 * variables) can never inject an AGI command or an AMI header: each hostile
 * value is either refused outright or travels as exactly one AGI argument /
 * one AMI header value and reads back unchanged. The AGI side is checked
 * against a re-implementation of res_agi's parse_args splitting rules.
 */
import test from 'ava';
import { agiArg, agiQuoted } from '../../src/asterisk/agi/agi-quote.ts';
import { encodeAction } from '../../src/asterisk/ami/ami-message.ts';

/** Values a caller controls: names, numbers, DTMF, variable-looking text. */
const HOSTILE = [
  'Alice',
  'Bob "the boss"',
  'Eve\r\nHANGUP',
  'Eve\nEXEC Dial SIP/premium',
  'Mallory\rSET VARIABLE X 1',
  'tab\tname',
  'back\\slash\\',
  '\\"escaped quote',
  '"',
  '""',
  '',
  ' ',
  '123#*',
  '*#0123456789ABCD',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an Asterisk dialplan function, as a caller might send it
  '${SHELL(rm -rf /)}',
  '$[1+1]',
  'name; Action: Originate',
  'x: y',
  'Action: Command',
  'Zoë 🦊 名前',
  'nul\0byte',
  '\u2028line separator',
];

/** res_agi's parse_args: whitespace splits, `"` toggles quoting, `\` escapes the next char. */
function parseAgiArgs(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quoted = false;
  let escaped = false;
  for (const ch of line) {
    if (escaped) {
      current += ch;
      escaped = false;
      inArg = true;
    } else if (ch === '\\') {
      escaped = true;
      inArg = true;
    } else if (ch === '"') {
      quoted = !quoted;
      inArg = true;
    } else if (/\s/.test(ch) && !quoted) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += ch;
      inArg = true;
    }
  }
  if (inArg) args.push(current);
  return args;
}

for (const [name, encode] of [
  ['agiArg', agiArg],
  ['agiQuoted', agiQuoted],
] as const) {
  test(`AGI ${name}: every caller string is refused or stays one argument`, (t) => {
    for (const value of HOSTILE) {
      let encoded: string;
      try {
        encoded = encode(value);
      } catch {
        t.true(/[\r\n\0]/.test(value), `refused a harmless value ${JSON.stringify(value)}`);
        continue;
      }
      t.false(/[\r\n\0]/.test(encoded), `line break on the wire for ${JSON.stringify(value)}`);
      const line = `SET VARIABLE CALLERNAME ${encoded}`;
      t.deepEqual(parseAgiArgs(line), ['SET', 'VARIABLE', 'CALLERNAME', value], line);
    }
  });
}

/** Reads an encoded action back the way AMI does: one header per CRLF line, split at the first ": ". */
function parseAmi(text: string): Array<[string, string]> {
  check(text.endsWith('\r\n\r\n'), 'frame must end with a blank line');
  const body = text.slice(0, -4);
  check(!body.includes('\r\n\r\n'), 'a blank line inside the frame starts a second action');
  return body.split('\r\n').map((line) => {
    const at = line.indexOf(': ');
    return [line.slice(0, at), line.slice(at + 2)];
  });
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

test('AMI: caller strings in header values are refused or read back as the same single header', (t) => {
  for (const value of HOSTILE) {
    const fields = {
      Channel: 'PJSIP/1001',
      CallerID: `"${value}" <1001>`,
      Variable: `CW_NAME=${value}`,
    };
    let text: string;
    try {
      text = encodeAction('Originate', 'a1', fields);
    } catch {
      t.true(/[\r\n\0]/.test(value), `refused a harmless value ${JSON.stringify(value)}`);
      continue;
    }
    t.deepEqual(
      parseAmi(text),
      [
        ['Action', 'Originate'],
        ['ActionID', 'a1'],
        ['Channel', 'PJSIP/1001'],
        ['CallerID', `"${value}" <1001>`],
        ['Variable', `CW_NAME=${value}`],
      ],
      JSON.stringify(value),
    );
  }
});

test('AMI: a NUL in a value is refused (it would cut the value short in Asterisk)', (t) => {
  t.throws(() => encodeAction('Setvar', 'a2', { Variable: 'X', Value: 'a\0b' }));
});
