/**
 * What the IVR runtime needs from the outside world while a call runs: the
 * call's channel (carried out over FastAGI by `src/asterisk/ivr`), HTTP for
 * lookup nodes, the PBX's stored recordings for voicemail playback, and
 * metrics. Nothing here names an AGI command or a dialplan variable.
 */
import type { Action, Input, LookupRequest } from '../../domain/ivr/flow.step.ts';
import type { IvrOutcome } from '../../domain/ivr/ivr.records.ts';

/** The actions a channel carries out itself (lookups and saves are the runtime's). */
export type ChannelAction = Extract<
  Action,
  { type: 'play' | 'get-digits' | 'say' | 'record-voicemail' | 'set-variable' }
>;

/** Where the call goes when it leaves the IVR. */
export type HandOff =
  /** Into an ACD queue, with what the IVR learned about the caller. */
  | {
      readonly kind: 'queue';
      readonly queueId: string;
      readonly vip: boolean;
      /** The queue node's priority (0-100) and skills, passed on for the ACD. */
      readonly priority: number;
      readonly skills: readonly string[];
      readonly language: string;
    }
  /** Straight to a phone or number (agent node, external node). */
  | { readonly kind: 'dial'; readonly dialString: string; readonly timeoutS: number }
  /** Ends the call, after a prompt when given; cause is Q.850 (null: normal clearing). */
  | { readonly kind: 'hangup'; readonly cause: number | null; readonly prompt: string | null }
  /** The IVR could not decide: the PBX's own fallback routing takes the call. */
  | { readonly kind: 'fallback' };

/** The caller's channel during the IVR. */
export interface IvrChannel {
  /** Answers the channel (a no-op when it already is). */
  answer(): Promise<void>;
  /**
   * Carries out one action and returns the interpreter's input. A hang-up,
   * a dropped connection or a failed command is a result (`hangup`,
   * `failed`), never an exception. `recording` names the file of a
   * `record-voicemail` action.
   */
  perform(action: ChannelAction, recording?: string): Promise<Input>;
  /** Leaves the IVR; resolves once the PBX was told (or the channel is gone). */
  handOff(target: HandOff): Promise<void>;
  /** Why the channel went away, once it did (`hangup`, `AGI_CLOSED`...); null while it is there. */
  readonly goneReason: string | null;
}

/** HTTP for lookup nodes. */
export interface LookupHttp {
  /** Performs the request; `lookup-result` for any HTTP answer, `lookup-error` when none came. */
  request(
    request: LookupRequest,
  ): Promise<Extract<Input, { type: 'lookup-result' | 'lookup-error' }>>;
}

/** The PBX's stored recordings (voicemail messages). */
export interface RecordingFiles {
  /** The file's bytes, or null when the PBX has no such recording. */
  read(name: string): Promise<Buffer | null>;
}

/** Metrics of the IVR runtime. */
export interface IvrMetrics {
  sessionEnded(outcome: IvrOutcome, durationS: number): void;
  /** Something went wrong in a call (lookup failure, missing prompt, runtime fault...). */
  error(reason: string): void;
  lookup(outcome: 'ok' | 'error', durationS: number): void;
}

/** Metrics that record nothing (tests, tools). */
export const noIvrMetrics: IvrMetrics = {
  sessionEnded: () => {},
  error: () => {},
  lookup: () => {},
};
