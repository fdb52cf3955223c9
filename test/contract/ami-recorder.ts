/**
 * Keeps every AMI event one client receives and resolves waits on them
 * (the AMI twin of ari-recorder.ts). The timeout only turns a missing event
 * into a readable failure.
 */
import type { AmiClient } from '../../src/asterisk/ami/ami-client.ts';
import type { AmiEvent } from '../../src/asterisk/ami/ami-event-types.ts';
import { EVENT_TIMEOUT_MS } from './ari-recorder.ts';

/** A typed AMI event of the given name. */
export type AmiEventOf<N extends AmiEvent['event']> = Extract<AmiEvent, { event: N }>;

interface Waiter {
  accepts: (event: AmiEvent) => boolean;
  resolve: (event: AmiEvent) => void;
}

/** The events of one AMI client. */
export class AmiRecorder {
  readonly events: AmiEvent[] = [];
  private waiters: Waiter[] = [];

  constructor(client: AmiClient) {
    client.onEvent((event) => this.push(event));
  }

  /** Position to wait from. */
  mark(): number {
    return this.events.length;
  }

  /** The first `name` event at index >= `from` matching `match`, waiting for it. */
  waitFor<N extends AmiEvent['event']>(
    name: N,
    match: (event: AmiEventOf<N>) => boolean = () => true,
    from = 0,
  ): Promise<AmiEventOf<N>> {
    const accepts = (event: AmiEvent) => event.event === name && match(event as AmiEventOf<N>);
    const found = this.events.slice(from).find(accepts);
    if (found) return Promise.resolve(found as AmiEventOf<N>);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        accepts,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event as AmiEventOf<N>);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.events.slice(from).map((e) => (e.event === 'Other' ? e.name : e.event));
        reject(new Error(`no AMI ${name} within ${EVENT_TIMEOUT_MS} ms; seen: ${seen.join(' ')}`));
      }, EVENT_TIMEOUT_MS);
      this.waiters.push(waiter);
    });
  }

  private push(event: AmiEvent): void {
    this.events.push(event);
    const matched = this.waiters.filter((w) => w.accepts(event));
    if (matched.length === 0) return;
    this.waiters = this.waiters.filter((w) => !matched.includes(w));
    for (const waiter of matched) waiter.resolve(event);
  }
}
