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

/** Creates a dispatcher. */
export function createEventDispatcher(deps: {
  logger: Logger;
  metrics: AriMetrics;
}): EventDispatcher {
  const { logger, metrics } = deps;
  const handlers = new Set<AriEventHandler>();
  const hooks = new Set<ReconnectHook>();
  const queue: Item[] = [];
  let draining = false;
  let disposed = false;

  function handlerFailed(event: AriEvent, error: unknown): void {
    logger.error({ err: error, type: event.type }, 'ARI event handler failed');
  }

  function dispatch(event: AriEvent): void {
    for (const handler of [...handlers]) {
      try {
        const result = handler(event);
        if (result instanceof Promise) result.catch((error) => handlerFailed(event, error));
      } catch (error) {
        handlerFailed(event, error);
      }
    }
  }

  async function runHooks(info: ReconnectInfo): Promise<void> {
    for (const hook of [...hooks]) {
      try {
        await hook(info);
      } catch (error) {
        metrics.reconcileFailures.inc();
        logger.error({ err: error, connection: info.connection }, 'ARI reconnect hook failed');
      }
    }
  }

  async function drain(): Promise<void> {
    draining = true;
    for (let item = queue.shift(); item && !disposed; item = queue.shift()) {
      if (item.kind === 'event') dispatch(item.event);
      else {
        await runHooks(item.info);
        item.done();
      }
    }
    draining = false;
  }

  return {
    onEvent(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onReconnect(hook) {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },
    deliver(event) {
      if (disposed) return;
      if (!draining) dispatch(event);
      else queue.push({ kind: 'event', event });
    },
    reconcile(info) {
      return new Promise<void>((resolve) => {
        if (disposed) return resolve();
        queue.push({ kind: 'reconcile', info, done: resolve });
        if (!draining) void drain();
      });
    },
    dispose() {
      disposed = true;
      for (const item of queue.splice(0)) if (item.kind === 'reconcile') item.done();
    },
  };
}
