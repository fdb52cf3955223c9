/**
 * AMI event classes (include/asterisk/manager.h EVENT_FLAG_*) and the
 * `Events:` / `EventMask:` parsing of manager.c strings_to_mask(): digits are
 * a raw mask, yes/true/on mean everything, no/false/off nothing, otherwise a
 * comma list of class names. An event is sent when every class of its
 * `Privilege:` line is in the session's mask.
 */
import type { AmiFields } from './backend.ts';

/** EVENT_FLAG_* by the names manager.conf and `Privilege:` use. */
export const EVENT_FLAGS: Readonly<Record<string, number>> = {
  system: 1 << 0,
  call: 1 << 1,
  log: 1 << 2,
  verbose: 1 << 3,
  command: 1 << 4,
  agent: 1 << 5,
  user: 1 << 6,
  config: 1 << 7,
  dtmf: 1 << 8,
  reporting: 1 << 9,
  cdr: 1 << 10,
  dialplan: 1 << 11,
  originate: 1 << 12,
  agi: 1 << 13,
  cc: 1 << 14,
  aoc: 1 << 15,
  test: 1 << 16,
  security: 1 << 17,
  message: 1 << 18,
};

/** INT_MAX: the `all` class. */
export const ALL_EVENTS = 0x7fffffff;

const TRUE_WORDS = new Set(['yes', 'true', 'y', 't', '1', 'on']);
const FALSE_WORDS = new Set(['no', 'false', 'n', 'f', '0', 'off']);

/** strings_to_mask(): -1 when empty (meaning "leave the mask as it is"). */
export function stringsToMask(text: string): number {
  const s = text.trim();
  if (s === '') return -1;
  if (/^\d+$/.test(s)) return Number.parseInt(s, 10);
  const lower = s.toLowerCase();
  if (FALSE_WORDS.has(lower)) return 0;
  if (TRUE_WORDS.has(lower)) return ALL_EVENTS;
  let mask = 0;
  for (const word of lower.split(',').map((w) => w.trim())) {
    if (word === 'all') mask |= ALL_EVENTS;
    else mask |= EVENT_FLAGS[word] ?? 0;
  }
  return mask;
}

/** authority_to_str(): `call,all` for EVENT_FLAG_CALL. */
export function privilegeString(category: number): string {
  const names = Object.entries(EVENT_FLAGS)
    .filter(([, bit]) => (category & bit) !== 0)
    .map(([name]) => name);
  return names.length === 0 ? '<none>' : [...names, 'all'].join(',');
}

/** The classes of an event, read back from its `Privilege:` line (0 if none). */
export function eventCategory(fields: AmiFields): number {
  const priv = fields.find(([k]) => k === 'Privilege')?.[1] ?? '';
  let mask = 0;
  for (const word of priv.split(',')) mask |= EVENT_FLAGS[word.trim()] ?? 0;
  return mask;
}
