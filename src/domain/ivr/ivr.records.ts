/**
 * The IVR's stored records: flows with their immutable published versions,
 * schedules, firewall entries, DID routes, mailboxes and messages, and the
 * recorded way of each call through the IVR. Plain data; times are epoch
 * ms UTC.
 */
import type { FirewallEntry } from './firewall.ts';
import type { PathEvent } from './flow.step.ts';
import type { Period, Schedule } from './schedule.ts';

/** A flow: an editable draft plus the versions published from it (IVR-1). */
export interface IvrFlowRecord {
  readonly id: string;
  readonly businessLineId: string;
  /** The document's `id`: what AGI paths (`/ivr/<key>`) and goto nodes name. Unique in the install. */
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** The draft document as authored (any JSON; it may be invalid while being edited). */
  readonly draft: unknown;
  /** The version new calls run, or null while nothing is published. */
  readonly activeVersion: number | null;
  /** The highest version number published so far (0 when none). */
  readonly latestVersion: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One published version: never changed once written. */
export interface IvrFlowVersion {
  readonly id: string;
  readonly flowId: string;
  readonly version: number;
  /** The validated document. */
  readonly document: unknown;
  readonly note: string;
  readonly publishedAt: number;
  /** User who published it, or null for the system (seeding). */
  readonly publishedBy: string | null;
}

/** A schedule of one business line (IVR-2); `schedule.id` is its key. */
export interface IvrScheduleRecord {
  readonly id: string;
  readonly businessLineId: string;
  readonly schedule: Schedule;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A firewall list entry with its attempt counter (IVR-3). */
export interface IvrFirewallRecord extends FirewallEntry {
  /** Calls this entry blocked (block list) or marked VIP. */
  readonly attempts: number;
  readonly lastAttemptAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A dialled number that runs a flow (ACD-8: DID to flow). */
export interface IvrDidRoute {
  readonly id: string;
  /** The number as the dialplan passes it in `/ivr/<DID>`. */
  readonly did: string;
  readonly businessLineId: string;
  readonly flowId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A voicemail box of a business line, optionally tied to a queue (IVR-4). */
export interface IvrMailbox {
  readonly id: string;
  readonly businessLineId: string;
  /** What voicemail nodes name in `mailboxId`. Unique within the business line. */
  readonly key: string;
  readonly name: string;
  readonly queueId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Where a message is in its handling. */
export type VoicemailStatus = 'new' | 'assigned' | 'handled';

/** A recorded message left by a caller. */
export interface IvrVoicemail {
  readonly id: string;
  readonly mailboxId: string;
  readonly businessLineId: string;
  /** The caller's channel (Asterisk uniqueid; the call record's linked id). */
  readonly channelId: string;
  readonly callerNumber: string;
  readonly callbackNumber: string | null;
  /** Stored recording name on the PBX (ARI `/recordings/stored/<name>`). */
  readonly recording: string;
  readonly format: string;
  readonly durationS: number;
  readonly flowKey: string;
  readonly flowVersion: number | null;
  readonly nodeId: string;
  readonly status: VoicemailStatus;
  readonly assignedUserId: string | null;
  readonly handledAt: number | null;
  readonly handledBy: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** How a call left the IVR. */
export type IvrOutcome =
  | 'queue'
  | 'agent'
  | 'external'
  | 'hangup'
  | 'caller-hangup'
  /** The IVR could not run or broke down; the dialplan's fallback took the call. */
  | 'fallback';

/** One call's run through the IVR: what the call record shows of it. */
export interface IvrSession {
  readonly id: string;
  /** The caller's channel (Asterisk uniqueid), the ACD's call id and linked id. */
  readonly channelId: string;
  readonly channelName: string;
  readonly businessLineId: string | null;
  readonly flowId: string | null;
  readonly flowKey: string | null;
  /** The version the call started with (kept even when a newer one is published mid-call). */
  readonly flowVersion: number | null;
  readonly callerNumber: string;
  readonly dialedNumber: string;
  readonly language: string | null;
  /** The firewall's verdict, when the flow checked it. */
  readonly firewall: 'block' | 'vip' | 'pass' | null;
  /** The schedule period the call was routed by, when a schedule node ran. */
  readonly period: Period | null;
  readonly outcome: IvrOutcome;
  /** Queue id, dial string, hang-up cause... */
  readonly outcomeDetail: string | null;
  /** What went wrong, for the supervisor (null when nothing did). */
  readonly error: string | null;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** One recorded path entry of a session, in order. */
export interface IvrPathStep {
  readonly sessionId: string;
  readonly seq: number;
  readonly at: number;
  readonly flowKey: string;
  readonly flowVersion: number | null;
  readonly nodeId: string;
  readonly nodeType: string;
  readonly event: PathEvent;
  readonly detail: string | null;
}
