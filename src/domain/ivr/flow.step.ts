/**
 * The vocabulary between the pure interpreter and the session runner that
 * drives a call: actions the runner carries out (over FastAGI: STREAM FILE,
 * GET DATA, SAY *, RECORD FILE, SET VARIABLE, EXEC...), inputs it feeds
 * back, the cursor that is the whole state of a call's IVR, and the path
 * entries it records for statistics and the caller's history.
 */
import type { FirewallLists } from './firewall.ts';
import type { ScheduleCalendar } from './schedule.ts';
import type { Vars } from './vars.ts';

/** How a `say` action speaks its value. */
export type SayKind = 'digits' | 'number' | 'date' | 'tts';

/** The HTTP request of a lookup node, fully rendered. */
export interface LookupRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON body for POST, else null. */
  readonly body: Readonly<Record<string, string>> | null;
  readonly timeoutMs: number;
}

/** A recorded message ready to be stored in a mailbox (IVR-4). */
export interface VoicemailMessage {
  readonly mailboxId: string;
  readonly file: string;
  readonly durationS: number;
  readonly callerNumber: string;
  /** Digits the caller left as a callback number, or null. */
  readonly callbackNumber: string | null;
  readonly flowId: string;
  readonly nodeId: string;
}

/** What the runner must do next. Prompts are sound file names resolved for the caller's language. */
export type Action =
  | { readonly type: 'play'; readonly prompt: string; readonly escapeDigits: string }
  | {
      readonly type: 'get-digits';
      /** Played first, e.g. "that is not a valid choice" before the menu prompt again. */
      readonly before: readonly string[];
      readonly prompt: string;
      readonly maxDigits: number;
      readonly timeoutMs: number;
      readonly terminator: '#';
    }
  | {
      readonly type: 'say';
      readonly kind: SayKind;
      /** Digits, an integer, Unix seconds (date) or the text to speak. */
      readonly value: string;
      readonly language: string;
      /** The flow's TTS engine for `tts`, else null. */
      readonly engine: string | null;
    }
  | { readonly type: 'lookup'; readonly request: LookupRequest }
  | {
      readonly type: 'record-voicemail';
      readonly mailboxId: string;
      readonly greeting: string | null;
      readonly maxSeconds: number;
      readonly silenceS: number;
      readonly beep: boolean;
      /** Key that ends the recording. */
      readonly finishDigits: '#';
    }
  /** Store the message (no channel work); answer with `done` or `failed`. */
  | { readonly type: 'save-voicemail'; readonly message: VoicemailMessage }
  /** Set a channel variable so the dialplan after the IVR can read it. */
  | { readonly type: 'set-variable'; readonly name: string; readonly value: string }
  | {
      readonly type: 'to-queue';
      readonly queueId: string;
      readonly priority: number;
      readonly skills: readonly string[];
      readonly vip: boolean;
      readonly language: string;
    }
  | {
      readonly type: 'to-agent';
      readonly agentId: string | null;
      readonly extension: string | null;
    }
  | { readonly type: 'to-external'; readonly number: string }
  /** Plays `prompt` first when given (a goodbye or a firewall rejection), then hangs up with the Q.850 cause. */
  | { readonly type: 'hangup'; readonly cause: number | null; readonly prompt: string | null }
  /** Continue in another flow (see `begin(..., vars, atNode)`), carrying the cursor's variables. */
  | { readonly type: 'goto-flow'; readonly flowId: string; readonly nodeId: string | null }
  /** Nothing left to do on the channel: the caller hung up (or the call had already ended). */
  | { readonly type: 'end'; readonly reason: 'caller-hangup' | 'already-ended' };

/** Action types after which the IVR is over for this call. */
export const TERMINAL_ACTIONS: ReadonlySet<Action['type']> = new Set([
  'to-queue',
  'to-agent',
  'to-external',
  'hangup',
  'goto-flow',
  'end',
]);

/** True when the call leaves the IVR with this action. */
export const isTerminal = (action: Action): boolean => TERMINAL_ACTIONS.has(action.type);

/** The result of the previous action, fed back by the runner. */
export type Input =
  | { readonly type: 'start' }
  /** play, say, set-variable or save-voicemail completed. */
  | { readonly type: 'done' }
  /** get-digits returned digits (maybe ''), or an interruptible play/say was cut by one. */
  | { readonly type: 'digits'; readonly digits: string }
  /** get-digits returned nothing before its timeout. */
  | { readonly type: 'timeout' }
  | { readonly type: 'lookup-result'; readonly status: number; readonly body: unknown }
  /** The lookup did not answer: timeout, refused, TLS... */
  | { readonly type: 'lookup-error'; readonly reason: string }
  | {
      readonly type: 'recorded';
      readonly file: string;
      readonly durationS: number;
      /** The caller hung up to finish the message (the usual way). */
      readonly hungUp: boolean;
    }
  /** The action itself failed, e.g. a missing sound file or an unknown TTS engine. */
  | { readonly type: 'failed'; readonly reason: string }
  /** The caller hung up. */
  | { readonly type: 'hangup' };

/** Where a call is inside a node. */
export type Phase = 'start' | 'await' | 'callback' | 'saving' | 'ended';

/** The IVR state of one call. */
export interface Cursor {
  readonly flowId: string;
  /** Current node; null before the flow started. */
  readonly nodeId: string | null;
  readonly phase: Phase;
  /** Invalid entries and timeouts at the current node. */
  readonly invalid: number;
  readonly timeouts: number;
  readonly vars: Vars;
  /** A recorded message not yet saved. */
  readonly voicemail: VoicemailMessage | null;
  readonly hungUp: boolean;
}

/** What happened at a node, for per-node statistics and the call's recorded path. */
export type PathEvent =
  | 'enter'
  | 'digits'
  | 'invalid'
  | 'timeout'
  | 'exhausted'
  | 'interrupted'
  | 'branch'
  | 'collected'
  | 'set'
  | 'lookup-ok'
  | 'lookup-error'
  | 'period'
  | 'blocked'
  | 'vip'
  | 'pass'
  | 'language'
  | 'recorded'
  | 'saved'
  | 'error'
  | 'hangup'
  | 'exit';

/** One recorded fact about the call's way through the flow. */
export interface PathEntry {
  readonly at: number;
  readonly flowId: string;
  readonly nodeId: string;
  readonly nodeType: string;
  readonly event: PathEvent;
  /** The digit, branch, period, error reason... never collected digits (they may be card numbers). */
  readonly detail: string | null;
}

/** One interpreter step: the action to carry out, the new state and what to record. */
export interface Step {
  readonly action: Action;
  readonly cursor: Cursor;
  readonly path: readonly PathEntry[];
}

/** Facts about the call and its business line that nodes read. */
export interface RunContext {
  /** ANI as Asterisk gave it. */
  readonly callerNumber: string;
  /** DNIS. */
  readonly dialedNumber: string;
  /** IANA zone for dates spoken by say nodes (the business line's zone). */
  readonly timezone: string;
  /** Schedules by id, prepared once (see scheduleCalendar). */
  readonly schedules: Readonly<Record<string, ScheduleCalendar>>;
  /** The business line's firewall lists, or null when it has none. */
  readonly firewall: FirewallLists | null;
}
