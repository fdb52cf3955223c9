/**
 * One AMI message (action, response or event) as Asterisk frames it: an
 * ordered list of `Key: Value` lines. Keys may repeat (`Output:` lines of a
 * `Command` response, `ChanVariable` / `Variable` headers), so a message is a
 * list of pairs, not a map. Asterisk looks headers up case-insensitively
 * (astman_get_header), and its own events are not consistent about case:
 * `Uniqueid` in Newchannel but `UniqueID` in CEL and Cdr
 * (transcripts/ami-samples/Event-CEL-*.txt), so lookups here ignore case too.
 */
import { AmiError } from './ami-errors.ts';

/** One `Key: Value` header line, CRLF stripped. */
export type AmiPair = readonly [key: string, value: string];

/** A parsed AMI message. */
export class AmiMessage {
  /** Every header in wire order, repeats included. */
  readonly pairs: readonly AmiPair[];

  constructor(pairs: readonly AmiPair[]) {
    this.pairs = pairs;
  }

  /** The first value of `key` (case-insensitive), or undefined. */
  get(key: string): string | undefined {
    const wanted = key.toLowerCase();
    for (const [k, v] of this.pairs) if (k.toLowerCase() === wanted) return v;
    return undefined;
  }

  /** Every value of `key` (case-insensitive), in wire order. */
  getAll(key: string): string[] {
    const wanted = key.toLowerCase();
    return this.pairs.filter(([k]) => k.toLowerCase() === wanted).map(([, v]) => v);
  }

  /** True when the message carries `key` at least once. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The `Event:` name, when this is an event. */
  get event(): string | undefined {
    return this.get('Event');
  }

  /** The `Response:` value (`Success`, `Error`, `Goodbye`...), when this is a response. */
  get response(): string | undefined {
    return this.get('Response');
  }

  /** The `ActionID:` value, when present. */
  get actionId(): string | undefined {
    return this.get('ActionID');
  }
}

/** A header value the client will write: scalars are stringified. */
export type AmiValue = string | number | boolean;

/**
 * Fields of an outgoing action. A record writes one line per key, or one line
 * per element for array values (repeated `Variable:` headers of Originate);
 * a list of pairs is written as is, in order.
 */
export type AmiFields =
  | Readonly<Record<string, AmiValue | readonly AmiValue[]>>
  | readonly (readonly [string, AmiValue])[];

/** Flattens {@link AmiFields} into ordered pairs of strings. */
export function fieldPairs(fields: AmiFields): AmiPair[] {
  if (Array.isArray(fields)) {
    return (fields as readonly (readonly [string, AmiValue])[]).map(([k, v]) => [k, String(v)]);
  }
  const out: AmiPair[] = [];
  for (const [k, v] of Object.entries(fields as Record<string, AmiValue | readonly AmiValue[]>)) {
    if (Array.isArray(v)) for (const item of v as readonly AmiValue[]) out.push([k, String(item)]);
    else out.push([k, String(v)]);
  }
  return out;
}

// Header injection: a CR or LF inside a value would end the header (or the
// whole action) early and let the rest be read as new headers or actions.
// A NUL ends the C string Asterisk parses, silently cutting the value short.
const LINE_BREAK = /[\r\n\0]/;
// A key must be a plain header name: no colon (it would move the split point)
// and no whitespace.
const KEY_SHAPE = /^[A-Za-z0-9_()\-.]+$/;
const RESERVED = new Set(['action', 'actionid']);

/**
 * Serialises an action with CRLF framing. Validates every key and value
 * before anything is produced, so a rejected action writes nothing.
 * @throws AmiError `AMI_INVALID_VALUE` on CR/LF, a malformed key, or a
 *   caller-supplied `Action`/`ActionID` (the client owns those).
 */
export function encodeAction(name: string, actionId: string, fields: AmiFields): string {
  const pairs = checkedPairs(name, fields);
  const lines = [
    `Action: ${name}`,
    `ActionID: ${actionId}`,
    ...pairs.map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Validates an action's name and fields and returns them as pairs.
 * @throws AmiError `AMI_INVALID_VALUE` (see {@link encodeAction}).
 */
export function checkedPairs(name: string, fields: AmiFields): AmiPair[] {
  const pairs = fieldPairs(fields);
  if (!KEY_SHAPE.test(name)) throw invalid('invalid AMI action name', 'Action');
  for (const [k, v] of pairs) {
    if (!KEY_SHAPE.test(k)) throw invalid(`invalid AMI header name ${JSON.stringify(k)}`, k);
    if (RESERVED.has(k.toLowerCase())) throw invalid(`${k} is set by the client`, k);
    if (LINE_BREAK.test(v)) throw invalid(`CR, LF or NUL in the value of ${k}`, k);
  }
  return pairs;
}

function invalid(message: string, key: string): AmiError {
  return new AmiError('AMI_INVALID_VALUE', message, { key });
}
