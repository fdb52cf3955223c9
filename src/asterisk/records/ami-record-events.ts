/**
 * AMI `CEL` and `Cdr` events as the call capture's events
 * (src/app/records/pbx-call-events.ts). Translation only.
 *
 * Times: a CEL event's `Timestamp:` header (manager.conf
 * `timestampevents = yes`) is exact and zone-free and is used when present.
 * CDR times (`StartTime: 2026-11-23 08:56:22`) and CEL's `EventTime` are
 * the Asterisk server's local wall time, read in `zone` (the
 * `PBX_TIMEZONE` setting, UTC by default).
 *
 * cdr_manager prints no linkedid unless cdr_manager.conf maps it
 * (`[mappings]` `linkedid => LinkedID`); it is taken when present.
 * Shapes: transcripts/ami-samples/Event-Cdr.txt, Event-CEL-*.txt.
 */
import { DateTime } from 'luxon';
import type { PbxRecordEvent } from '../../app/records/pbx-call-events.ts';
import type { AmiCdr, AmiCel, AmiEvent } from '../ami/ami-event-types.ts';

/** An Asterisk wall time (`YYYY-MM-DD HH:MM:SS`) in `zone` as epoch ms; null when empty. */
export function asteriskTime(text: string, zone: string): number | null {
  if (text.trim() === '') return null;
  const parsed = DateTime.fromFormat(text.trim(), 'yyyy-MM-dd HH:mm:ss', { zone });
  return parsed.isValid ? parsed.toMillis() : null;
}

function celTime(event: AmiCel, zone: string): number | null {
  const stamp = Number(event.raw.get('Timestamp'));
  if (Number.isFinite(stamp) && stamp > 0) return Math.round(stamp * 1000);
  return asteriskTime(event.eventTime, zone);
}

/** The Q.850 cause of a CEL HANGUP's `Extra` JSON, or null. */
export function hangupCauseOf(extra: string): number | null {
  try {
    const parsed = JSON.parse(extra) as { hangupcause?: unknown };
    const cause = Number(parsed.hangupcause);
    return Number.isInteger(cause) && cause > 0 ? cause : null;
  } catch {
    return null;
  }
}

function fromCel(event: AmiCel, zone: string): PbxRecordEvent | null {
  const at = celTime(event, zone);
  if (at === null) return null;
  const ids = { channelId: event.uniqueid, linkedId: event.linkedid, at };
  switch (event.eventName) {
    case 'CHAN_START':
      return {
        type: 'channel-started',
        ...ids,
        channelName: event.channel,
        callerNumber: event.callerIdNum,
        exten: event.exten,
      };
    case 'ANSWER':
      return { type: 'channel-answered', ...ids };
    case 'HANGUP':
      return { type: 'channel-hung-up', ...ids, cause: hangupCauseOf(event.extra) };
    case 'CHAN_END':
      return { type: 'channel-ended', ...ids };
    case 'LINKEDID_END':
      return { type: 'call-ended', linkedId: event.linkedid, at };
    default:
      return null;
  }
}

function fromCdr(event: AmiCdr, zone: string): PbxRecordEvent | null {
  const startedAt = asteriskTime(event.startTime, zone);
  const endedAt = asteriskTime(event.endTime, zone);
  if (startedAt === null || endedAt === null) return null;
  const linkedId = event.raw.get('LinkedID')?.trim();
  return {
    type: 'cdr',
    channelId: event.uniqueid,
    linkedId: linkedId ? linkedId : null,
    channelName: event.channel,
    destinationChannel: event.destinationChannel,
    source: event.source,
    destination: event.destination,
    lastApplication: event.lastApplication,
    lastData: event.lastData,
    startedAt,
    answeredAt: asteriskTime(event.answerTime, zone),
    endedAt,
    disposition: event.disposition,
  };
}

/** The capture event for an AMI event, or null when it is none of the capture's business. */
export function translateRecordEvent(event: AmiEvent, zone = 'UTC'): PbxRecordEvent | null {
  if (event.event === 'CEL') return fromCel(event, zone);
  if (event.event === 'Cdr') return fromCdr(event, zone);
  if (event.event === 'VarSet' && event.variable === 'STASISSTATUS' && event.value === 'FAILED') {
    return { type: 'stasis-failed', channelId: event.uniqueid, linkedId: event.linkedid };
  }
  return null;
}
