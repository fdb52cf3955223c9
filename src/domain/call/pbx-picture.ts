/**
 * The picture of a call that never touched our application, built from
 * what the PBX reported about its channels (CDR and CEL), all sharing one
 * linkedid. Pure: who each channel is (an agent's phone, a trunk) is
 * resolved beforehand and passed in.
 *
 * - The originating channel is the earliest one; its caller number is the
 *   ANI and the number it dialled the DNIS.
 * - Direction: inbound when the originating channel is a trunk, outbound
 *   when another channel is, internal otherwise (agent to agent, office).
 * - The call is answered when an agent's phone other than the caller's
 *   answers, else when any other channel answers (an outside callee), else
 *   when the originating channel itself was answered (by the PBX); the
 *   agent is the agent whose channel answered (the callee before the caller).
 */
import type { CallDirection } from './call-record.ts';
import type { LegInput, RecordEntry } from './record-entry.ts';

/** What is known about one channel of the call. */
export interface PbxChannel {
  readonly channelId: string;
  readonly channelName: string;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly cause: number | null;
  /** Caller number and dialled number, from the CDR (or the channel's start). */
  readonly callerNumber: string;
  readonly dialled: string;
  /** The CDR's disposition, null when no CDR came for this channel. */
  readonly disposition: string | null;
  /** Set when the channel is an agent's phone. */
  readonly agent: { readonly id: string; readonly businessLineId: string } | null;
  /** Trunk (endpoint) name when the channel is a trunk channel, else null. */
  readonly trunk: string | null;
}

function roleOf(channel: PbxChannel, origin: PbxChannel): string {
  if (channel === origin) return 'caller';
  if (channel.agent) return 'agent';
  if (channel.trunk !== null) return 'external';
  return 'callee';
}

function directionOf(origin: PbxChannel, channels: readonly PbxChannel[]): CallDirection {
  if (origin.trunk !== null) return 'inbound';
  if (channels.some((c) => c !== origin && c.trunk !== null)) return 'outbound';
  return 'internal';
}

const earliest = (values: ReadonlyArray<number | null>): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.min(...known);
};

/** The call's picture; undefined when no channel is known. */
export function pbxPicture(
  linkedId: string,
  channels: readonly PbxChannel[],
): RecordEntry | undefined {
  const sorted = [...channels].sort(
    (a, b) => a.startedAt - b.startedAt || a.channelId.localeCompare(b.channelId),
  );
  const origin = sorted.find((c) => c.channelId === linkedId) ?? sorted[0];
  if (origin === undefined) return undefined;
  const answered = sorted.filter(
    (c) => c.answeredAt !== null && (c.disposition === null || c.disposition === 'ANSWERED'),
  );
  const others = answered.filter((c) => c !== origin);
  const agentChannel = [...others, ...answered].find((c) => c.agent !== null);
  const agent = agentChannel?.agent ?? origin.agent ?? sorted.find((c) => c.agent)?.agent ?? null;
  const ends = sorted.map((c) => c.endedAt);
  const ended = ends.every((e) => e !== null) ? Math.max(...(ends as number[])) : null;
  const trunk = sorted.find((c) => c.trunk !== null)?.trunk ?? null;
  const legs: LegInput[] = sorted.map((c) => ({
    channelId: c.channelId,
    channelName: c.channelName,
    role: roleOf(c, origin),
    agentId: c.agent?.id ?? null,
    startedAt: c.startedAt,
    answeredAt: c.answeredAt,
    endedAt: c.endedAt,
    hangupCause: c.cause,
  }));
  return {
    record: {
      linkedId,
      businessLineId: agent?.businessLineId ?? null,
      direction: directionOf(origin, sorted),
      ani: origin.callerNumber,
      dnis: origin.dialled,
      queueId: null,
      agentId: agent?.id ?? null,
      startedAt: origin.startedAt,
      answeredAt:
        earliest(others.filter((c) => c.agent !== null).map((c) => c.answeredAt)) ??
        earliest(others.map((c) => c.answeredAt)) ??
        earliest(answered.map((c) => c.answeredAt)),
      endedAt: ended,
      hangupCause:
        ended === null
          ? null
          : (origin.cause ?? sorted.find((c) => c.cause !== null)?.cause ?? null),
      hangupBy: null,
      disposition: null,
      notes: null,
      source: 'pbx',
      trunk,
    },
    legs,
  };
}
