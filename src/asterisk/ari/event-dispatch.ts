/**
 * Hands events to subscribers, in arrival order, with reconciliation in
 * between: after each (re)connect the reconnect hooks run (typically listing
 * channels and bridges) and the events that arrive meanwhile wait, so the app
 * sees "snapshot, then what happened since" and never an event older than
 * the snapshot it has not yet seen (STYLE.md habit 5).
 */
import type { Logger } from '../../app/logger.ts';
import type { AriEvent } from './events.ts';
import type { AriMetrics } from './metrics.ts';

/** Receives each accepted event. A throw or rejection is logged, never propagated. */
export type AriEventHandler = (event: AriEvent) => void | Promise<void>;

/** Passed to reconnect hooks. */
export interface ReconnectInfo {
  /** 1 for the first connection, 2 for the first reconnect, ... */
  connection: number;
}

/** Runs after every (re)connect, before the events received since are delivered. */
export type ReconnectHook = (info: ReconnectInfo) => void | Promise<void>;

/** The dispatcher used by the event stream. */
export interface EventDispatcher {
  onEvent(handler: AriEventHandler): () => void;
  onReconnect(hook: ReconnectHook): () => void;
  /** Delivers now, or after the reconciliation in progress. */
  deliver(event: AriEvent): void;
  /** Queues a reconciliation; resolves once its hooks have run. */
  reconcile(info: ReconnectInfo): Promise<void>;
  /** Drops queued work and stops delivering. */
  dispose(): void;
}

type Item =
  | { kind: 'event'; event: AriEvent }
  | { kind: 'reconcile'; info: ReconnectInfo; done: () => void };

class OrderedDispatcher implements EventDispatcher {
  readonly #handlers = new Set<AriEventHandler>();
  readonly #hooks = new Set<ReconnectHook>();
  /** Work waiting behind a running reconciliation. */
  readonly #queue: Item[] = [];
  #draining = false;
  #disposed = false;
  private readonly logger: Logger;
  private readonly metrics: AriMetrics;

  constructor(logger: Logger, metrics: AriMetrics) {
    this.logger = logger;
    this.metrics = metrics;
  }

  onEvent(handler: AriEventHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  onReconnect(hook: ReconnectHook): () => void {
    this.#hooks.add(hook);
    return () => this.#hooks.delete(hook);
  }

  deliver(event: AriEvent): void {
    if (this.#disposed) return;
    if (this.#draining) this.#queue.push({ kind: 'event', event });
    else this.#dispatch(event);
  }

  reconcile(info: ReconnectInfo): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.#disposed) return resolve();
      this.#queue.push({ kind: 'reconcile', info, done: resolve });
      if (!this.#draining) void this.#drain();
    });
  }

  dispose(): void {
    this.#disposed = true;
    for (const item of this.#queue.splice(0)) if (item.kind === 'reconcile') item.done();
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    while (!this.#disposed) {
      const item = this.#queue.shift();
      if (!item) break;
      if (item.kind === 'event') this.#dispatch(item.event);
      else {
        await this.#runHooks(item.info);
        item.done();
      }
    }
    this.#draining = false;
  }

  #dispatch(event: AriEvent): void {
    for (const handler of [...this.#handlers]) {
      try {
        const result = handler(event);
        if (result instanceof Promise) result.catch((error) => this.#handlerFailed(event, error));
      } catch (error) {
        this.#handlerFailed(event, error);
      }
    }
  }

  #handlerFailed(event: AriEvent, error: unknown): void {
    this.logger.error({ err: error, type: event.type }, 'ARI event handler failed');
  }

  async #runHooks(info: ReconnectInfo): Promise<void> {
    for (const hook of [...this.#hooks]) {
      try {
        await hook(info);
      } catch (error) {
        this.metrics.reconcileFailures.inc();
        this.logger.error({ err: error, ...info }, 'ARI reconnect hook failed');
      }
    }
  }
}

/** Creates a dispatcher. */
export function createEventDispatcher(deps: {
  logger: Logger;
  metrics: AriMetrics;
}): EventDispatcher {
  return new OrderedDispatcher(deps.logger, deps.metrics);
}
