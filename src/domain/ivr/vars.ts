/**
 * Flow variables: a flat, immutable map from names to scalar values. Digits
 * typed by the caller are text; lookups may add numbers and booleans.
 * Reads go through `readVar` so that a name such as `constructor` never
 * reaches `Object.prototype`.
 */

/** A flow variable's value. */
export type Value = string | number | boolean;

/** The variables of one call; replaced, never mutated. */
export type Vars = Readonly<Record<string, Value>>;

/** `name` or `name.part`: letters, digits and `_`, not starting with a digit. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Property names that would reach into an object's prototype if ever used as keys. */
const RESERVED = new Set(['__proto__', 'prototype', 'constructor']);

/** Names the interpreter itself reads or writes. */
export const BUILTIN_VARS = {
  /** Current prompt language, set by language nodes; starts as the flow's default. */
  language: 'language',
  /** `true` once a firewall node found the caller on the VIP list. */
  vip: 'vip',
  /** The caller's number (ANI) as received. */
  callerNumber: 'callerNumber',
  /** The number dialled (DNIS). */
  dialedNumber: 'dialedNumber',
  /** Digit that interrupted the last interruptible play or say. */
  lastDigit: 'lastDigit',
  /** Why the last lookup took its error branch. */
  lookupError: 'lookupError',
  /** Callback number left with the last voicemail. */
  callbackNumber: 'callbackNumber',
} as const;

/** True for a usable variable name (at most 64 characters, no prototype names). */
export function isVariableName(name: string): boolean {
  return (
    name.length <= 64 &&
    VARIABLE_NAME.test(name) &&
    !name.split('.').some((part) => RESERVED.has(part))
  );
}

/** The variable's value, or undefined when it is not set. */
export function readVar(vars: Vars, name: string): Value | undefined {
  return Object.hasOwn(vars, name) ? vars[name] : undefined;
}

/** A copy of `vars` with `name` set. */
export function withVar(vars: Vars, name: string, value: Value): Vars {
  return { ...vars, [name]: value };
}

/** Text form used by templates and channel variables; unset reads as ''. */
export function toText(value: Value | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

/** The number a value reads as: numbers as such, decimal text, else undefined. */
export function toNumber(value: Value | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  return undefined;
}

/** Truth of a value in a condition: false, 0, '' and unset are false. */
export function truthy(value: Value | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return value.length > 0;
}
