/**
 * The IVR's picture of a call for the call-detail record (RPT-1): who
 * called what, when the IVR answered, the path through the flow
 * (`ivrPath`, node ids joined by `>`), and, for calls that end in the IVR
 * (blocked, voicemail, goodbye, caller hang-up), how they ended. Calls
 * handed to a queue stay open: the ACD's later pictures complete them.
 */
import type { RecordEntry } from '../../domain/call/record-entry.ts';
import type { IvrPathStep, IvrSession } from '../../domain/ivr/ivr.records.ts';

/** Q.850 16: normal clearing. */
const NORMAL_CLEARING = 16;

/** Visited node ids in order, `>`-joined (`firewall>hours>main>sales`). */
export function ivrPathOf(path: readonly Pick<IvrPathStep, 'event' | 'nodeId'>[]): string {
  return path
    .filter((s) => s.event === 'enter')
    .map((s) => s.nodeId)
    .join('>');
}

/** The record entry of a finished IVR session. */
export function ivrRecordEntry(
  session: Omit<IvrSession, 'id'>,
  path: readonly Pick<IvrPathStep, 'event' | 'nodeId'>[],
): RecordEntry {
  const ended = session.outcome === 'hangup' || session.outcome === 'caller-hangup';
  const cause =
    session.outcome === 'hangup'
      ? Number(session.outcomeDetail ?? NORMAL_CLEARING) || NORMAL_CLEARING
      : NORMAL_CLEARING;
  const endedAt = ended ? session.endedAt : null;
  const hangupCause = ended ? cause : null;
  return {
    record: {
      linkedId: session.channelId,
      businessLineId: session.businessLineId,
      direction: 'inbound',
      ani: session.callerNumber,
      dnis: session.dialedNumber,
      queueId: session.outcome === 'queue' ? session.outcomeDetail : null,
      agentId: null,
      startedAt: session.startedAt,
      answeredAt: null,
      endedAt,
      hangupCause,
      hangupBy: ended ? (session.outcome === 'hangup' ? 'system' : 'caller') : null,
      disposition: null,
      notes: null,
      source: 'app',
      ivrPath: ivrPathOf(path),
    },
    legs: [
      {
        channelId: session.channelId,
        channelName: session.channelName,
        role: 'caller',
        agentId: null,
        startedAt: session.startedAt,
        answeredAt: session.startedAt,
        endedAt,
        hangupCause,
      },
    ],
  };
}
