/**
 * Keeps every ARI event one client receives, in order, and resolves waits
 * on them: tests wait for the event that signals a condition, never for
 * time. The timeout only turns a missing event into a readable failure.
 */
import type {
  AriClient,
  AriEvent,
  AriEventOf,
  AriEventType,
} from '../../src/asterisk/ari/client.ts';

/** Generous bound for one awaited event on a busy machine. */
export const EVENT_TIMEOUT_MS = 20_000;

interface Waiter {
  accepts: (event: AriEvent, index: number) => boolean;
  resolve: (event: AriEvent) => void;
}

/** The id of the channel an event is about (Dial: the peer), if any. */
export function channelIdOf(event: AriEvent): string | undefined {
  if (event.type === 'Dial') return event.peer.id;
  return 'channel' in event ? event.channel?.id : undefined;
}

/** The events of one ARI client. */
export class AriRecorder {
  readonly events: AriEvent[] = [];
  private waiters: Waiter[] = [];

  constructor(client: AriClient) {
    client.onEvent((event) => this.push(event));
  }

  /** Position to wait from: later waits ignore events before it. */
  mark(): number {
    return this.events.length;
  }

  /** Events from `from` on. */
  since(from: number): AriEvent[] {
    return this.events.slice(from);
  }

  /** The first event of `type` at index >= `from` matching `match`, waiting for it. */
  waitFor<T extends AriEventType>(
    type: T,
    match: (event: AriEventOf<T>) => boolean = () => true,
    from = 0,
    timeoutMs = EVENT_TIMEOUT_MS,
  ): Promise<AriEventOf<T>> {
    const accepts = (event: AriEvent, index: number) =>
      index >= from && event.type === type && match(event as AriEventOf<T>);
    const index = this.events.findIndex(accepts);
    if (index >= 0) return Promise.resolve(this.events[index] as AriEventOf<T>);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        accepts,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event as AriEventOf<T>);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.since(from).map((e) => `${e.type}(${channelIdOf(e) ?? ''})`);
        reject(new Error(`no ${type} within ${timeoutMs} ms; seen: ${seen.join(' ')}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Waits for an event of `type` about channel `channelId`. */
  forChannel<T extends AriEventType>(type: T, channelId: string, from = 0): Promise<AriEventOf<T>> {
    return this.waitFor(type, (e) => channelIdOf(e) === channelId, from);
  }

  private push(event: AriEvent): void {
    this.events.push(event);
    const index = this.events.length - 1;
    const matched = this.waiters.filter((w) => w.accepts(event, index));
    if (matched.length === 0) return;
    this.waiters = this.waiters.filter((w) => !matched.includes(w));
    for (const waiter of matched) waiter.resolve(event);
  }
}
