/**
 * Correlates AMI responses with the actions that caused them, by ActionID.
 *
 * Three shapes of reply exist (transcripts/ami-coreshowchannels.txt,
 * ami-queue.txt, ami-originate-agi.txt):
 * - a single `Response:` message (Ping, Login, Originate...);
 * - `Response: Success` + `EventList: start`, then events carrying the same
 *   ActionID, closed by an event with `EventList: Complete`
 *   (CoreShowChannels -> CoreShowChannel... CoreShowChannelsComplete);
 * - for `Async: true` Originate, a later `OriginateResponse` event (handled by
 *   the client on top of this table).
 * Unrelated events may interleave with list items; only ActionID decides.
 */
import { AmiError } from './ami-errors.ts';
import type { AmiMessage } from './ami-message.ts';

/** What an action resolves with; `events` is empty unless it was an event list. */
export interface AmiActionResult {
  /** The `Response:` message. */
  readonly response: AmiMessage;
  /** The list items, in order, without the closing `...Complete` event. */
  readonly events: readonly AmiMessage[];
  /** The closing `...Complete` event of an event list. */
  readonly complete?: AmiMessage;
}

interface Entry {
  readonly name: string;
  readonly timeoutMs: number;
  readonly resolve: (result: AmiActionResult) => void;
  readonly reject: (err: AmiError) => void;
  timer: NodeJS.Timeout | undefined;
  response: AmiMessage | undefined;
  readonly events: AmiMessage[];
}

/** Outcome labels for the actions counter. */
export type AmiActionOutcome = 'success' | 'error' | 'timeout' | 'disconnected';

/** The per-connection table of actions awaiting their reply. */
export class PendingActions {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly onSettled: (outcome: AmiActionOutcome) => void = () => {}) {}

  /** Number of actions still waiting. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Registers an action before it is written. The timeout covers the
   * response and is re-armed on each list item, so a long CoreShowChannels
   * on a busy system is not cut off while items keep arriving.
   */
  add(actionId: string, name: string, timeoutMs: number): Promise<AmiActionResult> {
    return new Promise<AmiActionResult>((resolve, reject) => {
      const entry: Entry = {
        name,
        timeoutMs,
        resolve,
        reject,
        timer: undefined,
        response: undefined,
        events: [],
      };
      this.entries.set(actionId, entry);
      this.arm(actionId, entry);
    });
  }

  /** Handles a `Response:` message. Returns false when no action awaits it. */
  onResponse(message: AmiMessage): boolean {
    const id = message.actionId;
    const entry = id === undefined ? undefined : this.entries.get(id);
    if (id === undefined || !entry || entry.response) return false;
    if (message.response?.toLowerCase() === 'error') {
      const text = message.get('Message') ?? 'no message';
      this.settle(id, 'error', (e) =>
        e.reject(
          new AmiError('AMI_ACTION_FAILED', `${entry.name} failed: ${text}`, {
            action: entry.name,
            actionId: id,
            response: message,
          }),
        ),
      );
    } else if (message.get('EventList')?.toLowerCase() === 'start') {
      entry.response = message;
      this.arm(id, entry);
    } else {
      this.settle(id, 'success', (e) => e.resolve({ response: message, events: [] }));
    }
    return true;
  }

  /**
   * Handles an event that may belong to an event list. Returns true when it
   * was consumed as a list item or as the list's closing event.
   */
  onEvent(message: AmiMessage): boolean {
    const id = message.actionId;
    const entry = id === undefined ? undefined : this.entries.get(id);
    if (id === undefined || !entry?.response) return false;
    const response = entry.response;
    if (message.get('EventList')?.toLowerCase() === 'complete') {
      this.settle(id, 'success', (e) =>
        e.resolve({ response, events: e.events, complete: message }),
      );
    } else {
      entry.events.push(message);
      this.arm(id, entry);
    }
    return true;
  }

  /** Rejects one action (used when its write failed). */
  fail(actionId: string, err: AmiError): void {
    this.settle(actionId, 'disconnected', (e) => e.reject(err));
  }

  /** Rejects every waiting action, e.g. with `AMI_DISCONNECTED` when the socket closed. */
  failAll(makeError: (name: string, actionId: string) => AmiError): void {
    for (const [id, entry] of [...this.entries]) {
      this.settle(id, 'disconnected', (e) => e.reject(makeError(entry.name, id)));
    }
  }

  private arm(id: string, entry: Entry): void {
    clearTimeout(entry.timer);
    if (entry.timeoutMs <= 0) return;
    entry.timer = setTimeout(() => {
      this.settle(id, 'timeout', (e) =>
        e.reject(
          new AmiError('AMI_TIMEOUT', `${e.name} got no reply within ${e.timeoutMs} ms`, {
            action: e.name,
            actionId: id,
          }),
        ),
      );
    }, entry.timeoutMs);
  }

  private settle(id: string, outcome: AmiActionOutcome, finish: (entry: Entry) => void): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(id);
    this.onSettled(outcome);
    finish(entry);
  }
}
