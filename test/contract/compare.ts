/**
 * Tolerant comparison of what the target sends with what a real Asterisk
 * was captured sending (test/fixtures/contract/seq-*.json, trimmed from
 * transcripts/ari-events-*.jsonl). Ids, timestamps and channel names are
 * ignored: channels and bridges are named by the role they play in the
 * scenario. Compared are the order of the event types listed in the fixture
 * and, per event, exactly the key fields the fixture event carries.
 */
import { readFileSync } from 'node:fs';
import type { AriEvent } from '../../src/asterisk/ari/client.ts';

/** A captured scenario, as stored in the fixture file. */
export interface SequenceFixture {
  _source: string;
  /** The event types the comparison looks at. */
  types: string[];
  events: Array<Record<string, unknown>>;
}

/** Loads `test/fixtures/contract/<name>`. */
export function loadFixture<T = SequenceFixture>(name: string): T {
  const url = new URL(`../fixtures/contract/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** The channel, bridge or media target an event is about (`bridge:<id>` for bridges). */
function subjectOf(event: AriEvent): string | undefined {
  if (event.type === 'Dial') return event.peer.id;
  if ('channel' in event && event.channel) return event.channel.id;
  if ('bridge' in event && event.bridge) return `bridge:${event.bridge.id}`;
  if ('playback' in event) return targetId(event.playback.target_uri);
  if ('recording' in event) return targetId(event.recording.target_uri);
  return undefined;
}

/** `channel:<id>` -> `<id>`, `bridge:<id>` stays `bridge:<id>`. */
function targetId(uri: string): string {
  return uri.startsWith('channel:') ? uri.slice('channel:'.length) : uri;
}

/** Every comparable field of an event (the fixture picks which ones count). */
function project(event: AriEvent, roles: ReadonlyMap<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: event.type };
  out.subject = roles.get(subjectOf(event) ?? '');
  const channel = event.type === 'Dial' ? event.peer : 'channel' in event ? event.channel : null;
  if (channel) out.state = channel.state;
  switch (event.type) {
    case 'StasisStart':
      out.args = event.args;
      break;
    case 'Dial':
      Object.assign(out, { dialstatus: event.dialstatus, dialstring: event.dialstring ?? null });
      break;
    case 'ChannelDialplan':
      out.app = event.dialplan_app;
      break;
    case 'ChannelVarset':
      Object.assign(out, {
        variable: event.variable,
        value: roles.get(event.value) ?? event.value,
      });
      break;
    case 'ChannelHangupRequest':
      Object.assign(out, { cause: event.cause ?? null, soft: event.soft ?? null });
      break;
    case 'ChannelDestroyed':
      Object.assign(out, { cause: event.cause, cause_txt: event.cause_txt });
      break;
    case 'ChannelDtmfReceived':
      out.digit = event.digit;
      break;
    default:
      break;
  }
  if ('bridge' in event && event.bridge) out.bridge_channels = event.bridge.channels.length;
  if ('playback' in event) out.playback_state = event.playback.state;
  if ('recording' in event) {
    Object.assign(out, { recording_state: event.recording.state, format: event.recording.format });
  }
  return out;
}

/**
 * The events of the fixture's types about a channel, bridge or media target
 * that has a role, projected to comparable fields. `roles` maps ids (and
 * channel names, for values such as BRIDGEPEER) to role names; RTP quality
 * variables are left out (their presence depends on the channel technology).
 */
export function comparable(
  events: readonly AriEvent[],
  roles: ReadonlyMap<string, string>,
  fixture: SequenceFixture,
): Array<Record<string, unknown>> {
  return events
    .filter((e) => fixture.types.includes(e.type))
    .filter((e) => !(e.type === 'ChannelVarset' && e.variable.startsWith('RTPAUDIOQOS')))
    .map((e) => project(e, roles))
    .filter((e) => e.subject !== undefined);
}

/**
 * Differences between the actual and captured sequences, one line each;
 * empty when they agree. Only the keys of each captured event are compared.
 */
export function sequenceDiff(
  actual: ReadonlyArray<Record<string, unknown>>,
  fixture: SequenceFixture,
): string[] {
  const expected = fixture.events;
  const problems: string[] = [];
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    const want = expected[i];
    const got = actual[i];
    if (!want || !got) {
      problems.push(`#${i}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
      continue;
    }
    const picked = Object.fromEntries(Object.keys(want).map((k) => [k, got[k] ?? null]));
    if (JSON.stringify(picked) !== JSON.stringify(want)) {
      problems.push(`#${i}: expected ${JSON.stringify(want)}, got ${JSON.stringify(picked)}`);
    }
  }
  return problems;
}

/** Optional fields of `/asterisk/info` (asterisk.json) a configured Asterisk may add. */
const OPTIONAL_INFO_FIELDS = new Set(['max_channels', 'max_open_files', 'max_load']);

/**
 * Differences in shape (keys and JSON types, recursively) between `actual`
 * and the captured `expected`; fields the spec marks optional may be extra.
 */
export function shapeDiff(actual: unknown, expected: unknown, path = '$'): string[] {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (kind(actual) !== kind(expected)) return [`${path}: ${kind(actual)} != ${kind(expected)}`];
  if (kind(expected) !== 'object') return [];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(e)) {
    if (!(key in a)) problems.push(`${path}.${key}: missing`);
    else problems.push(...shapeDiff(a[key], e[key], `${path}.${key}`));
  }
  for (const key of Object.keys(a)) {
    if (!(key in e) && !OPTIONAL_INFO_FIELDS.has(key)) problems.push(`${path}.${key}: unexpected`);
  }
  return problems;
}
