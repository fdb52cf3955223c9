/**
 * Captures calls that never touch our application (agent to agent, office
 * PBX, direct dials) from the PBX's CDR and CEL, linked by linkedid, and
 * hands their pictures to the record sink as `pbx` records (RPT-1).
 *
 * - CEL tells which linkedid each channel belongs to (the latest event
 *   wins: Asterisk relinks channels when it bridges them), when channels
 *   start, answer and end, the hangup cause, and (LINKEDID_END) when the
 *   whole call is over: the call's picture is handed over then, once.
 * - Each CDR adds the caller and dialled numbers and the disposition.
 *   Without CEL (cdr_manager only) each CDR is handed over at once as a
 *   picture of its call (its `LinkedID` when the cdr_manager mapping adds
 *   it, else its own uniqueid); the writer merges pictures of one call.
 * - A call where any channel ran our Stasis application belongs to the
 *   application, which records it: nothing is handed over. A channel whose
 *   Stasis() FAILED (the application was not connected) never ran it, even
 *   though its CDR names Stasis last: its call is captured here. The record
 *   writer also drops any PBX picture of a call the application recorded,
 *   so a race between the two never makes two rows.
 *
 * Events are processed one at a time, in the order they arrive; pictures
 * reach the sink in that order without waiting for each other's write.
 */
import { type PbxChannel, pbxPicture } from '../../domain/call/pbx-picture.ts';
import type { Logger } from '../logger.ts';
import type { PbxCdr, PbxRecordEvent } from './pbx-call-events.ts';
import type { RecordSink } from './ports.ts';

/** Who a channel is: an agent's phone, a trunk, or neither. */
export interface ChannelParties {
  /** The agent whose phone this channel is (by channel name, e.g. `PJSIP/1001-0000002a`). */
  agentOf(channelName: string): Promise<{ id: string; businessLineId: string } | undefined>;
  /** The trunk's name when the channel is a trunk channel, else null. */
  trunkOf(channelName: string): string | null;
}

/** What the capture is built from. */
export interface PbxCaptureDeps {
  sink: RecordSink;
  parties: ChannelParties;
  /** Our Stasis application's name: calls that ran it are the application's. */
  appName: string;
  logger: Logger;
  /** Calls kept in memory awaiting their end (oldest dropped beyond this; default 20,000). */
  maxCalls?: number;
}

interface ChannelState {
  channelName: string;
  startedAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  cause: number | null;
  callerNumber: string;
  exten: string;
  cdr: PbxCdr | null;
  /** Stasis() could not hand this channel to its application. */
  stasisFailed: boolean;
}

interface CallState {
  readonly channels: Map<string, ChannelState>;
  /** Seen in the channel event log: a LINKEDID_END will close it. */
  logged: boolean;
  ours: boolean;
}

/** The capture: feed it events, await `settled()` to know what was handed over. */
export interface PbxCapture {
  handle(event: PbxRecordEvent): void;
  /** Resolves when every event handled so far has been processed. */
  settled(): Promise<void>;
}

/** Creates the capture. */
export function createPbxCapture(deps: PbxCaptureDeps): PbxCapture {
  const log = deps.logger.child({ component: 'pbx-capture' });
  const maxCalls = deps.maxCalls ?? 20_000;
  const calls = new Map<string, CallState>();
  const linkOf = new Map<string, string>();
  let chain: Promise<void> = Promise.resolve();
  const inFlight = new Set<Promise<void>>();

  const callOf = (linkedId: string): CallState => {
    let call = calls.get(linkedId);
    if (!call) {
      call = { channels: new Map(), logged: false, ours: false };
      calls.set(linkedId, call);
      if (calls.size > maxCalls) evictOldest();
    }
    return call;
  };

  const channelOf = (call: CallState, channelId: string, name = ''): ChannelState => {
    let ch = call.channels.get(channelId);
    if (!ch) {
      ch = {
        channelName: name,
        startedAt: null,
        answeredAt: null,
        endedAt: null,
        cause: null,
        callerNumber: '',
        exten: '',
        cdr: null,
        stasisFailed: false,
      };
      call.channels.set(channelId, ch);
    }
    return ch;
  };

  /** Too many calls awaiting their end (a lost LINKEDID_END): the oldest goes now, as it is. */
  function evictOldest(): void {
    const [linkedId, call] = calls.entries().next().value as [string, CallState];
    log.warn({ linkedId }, 'call end never reported: handing over what is known');
    const hasCdr = [...call.channels.values()].some((c) => c.cdr !== null);
    if (hasCdr) void handOver(linkedId, call);
    forget(linkedId);
  }

  function forget(linkedId: string): void {
    const call = calls.get(linkedId);
    calls.delete(linkedId);
    for (const id of call?.channels.keys() ?? []) {
      if (linkOf.get(id) === linkedId) linkOf.delete(id);
    }
  }

  /** Moves a channel to the call it is linked to now (bridging relinks channels). */
  function relink(channelId: string, linkedId: string): CallState {
    const previous = linkOf.get(channelId);
    const call = callOf(linkedId);
    linkOf.set(channelId, linkedId);
    if (previous !== undefined && previous !== linkedId) {
      const old = calls.get(previous);
      const state = old?.channels.get(channelId);
      if (old && state) {
        old.channels.delete(channelId);
        call.channels.set(channelId, state);
        call.ours ||= old.ours;
      }
    }
    call.logged = true;
    return call;
  }

  const isOurs = (cdr: PbxCdr) =>
    cdr.lastApplication === 'Stasis' &&
    (cdr.lastData === deps.appName || cdr.lastData.startsWith(`${deps.appName},`));

  async function handOver(linkedId: string, call: CallState): Promise<void> {
    if (call.ours) return;
    const channels: PbxChannel[] = [];
    for (const [channelId, ch] of call.channels) {
      const startedAt = ch.cdr?.startedAt ?? ch.startedAt;
      if (startedAt === null) continue;
      const agent = await deps.parties.agentOf(ch.channelName || ch.cdr?.channelName || '');
      const name = ch.channelName || ch.cdr?.channelName || '';
      channels.push({
        channelId,
        channelName: name,
        startedAt: ch.startedAt ?? startedAt,
        answeredAt: ch.answeredAt ?? ch.cdr?.answeredAt ?? null,
        endedAt: ch.endedAt ?? ch.cdr?.endedAt ?? null,
        cause: ch.cause,
        callerNumber: ch.cdr?.source ?? ch.callerNumber,
        dialled: ch.cdr?.destination ?? ch.exten,
        disposition: ch.cdr?.disposition ?? null,
        agent: agent ?? null,
        trunk: deps.parties.trunkOf(name),
      });
    }
    const picture = pbxPicture(linkedId, channels);
    if (!picture) return;
    // Not awaited: the writer keeps the order of hand-overs and batches them.
    const put = deps.sink.put(picture).catch((error: unknown) => {
      log.error({ err: error, linkedId }, 'handing over a PBX call failed');
    });
    inFlight.add(put);
    void put.finally(() => inFlight.delete(put));
  }

  async function step(event: PbxRecordEvent): Promise<void> {
    if (event.type === 'cdr') {
      const linkedId = event.linkedId ?? linkOf.get(event.channelId) ?? event.channelId;
      const call = callOf(linkedId);
      const ch = channelOf(call, event.channelId, event.channelName);
      ch.cdr = event;
      if (isOurs(event) && !ch.stasisFailed) call.ours = true;
      // With the channel event log the call's end is known: hand over once, then.
      if (call.logged) return;
      await handOver(linkedId, call);
      forget(linkedId);
      return;
    }
    if (event.type === 'call-ended') {
      const call = calls.get(event.linkedId);
      if (call) await handOver(event.linkedId, call);
      forget(event.linkedId);
      return;
    }
    const call = relink(event.channelId, event.linkedId);
    const ch = channelOf(call, event.channelId);
    switch (event.type) {
      case 'channel-started':
        ch.channelName = event.channelName;
        ch.startedAt = event.at;
        ch.callerNumber = event.callerNumber;
        ch.exten = event.exten;
        return;
      case 'channel-answered':
        ch.answeredAt ??= event.at;
        return;
      case 'channel-hung-up':
        ch.cause = event.cause;
        return;
      case 'channel-ended':
        ch.endedAt = event.at;
        return;
      case 'stasis-failed':
        ch.stasisFailed = true;
        return;
    }
  }

  return {
    handle(event) {
      chain = chain
        .then(() => step(event))
        .catch((error: unknown) => {
          log.error({ err: error, event: event.type }, 'capturing a PBX call failed');
        });
    },
    async settled() {
      await chain;
      await Promise.all([...inFlight]);
    },
  };
}
