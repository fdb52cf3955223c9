/**
 * The pub/sub port the live feeds go through. The ACD's publisher puts
 * messages on it; every GraphQL subscription listens to one topic. The
 * in-process bus below serves a single instance; with several instances a
 * Redis-backed bus (src/pubsub) carries the same messages between them.
 */
import type { LiveMessage, LiveTopic } from './live-events.ts';

/** Receives the messages of one topic, in publishing order. */
export type LiveListener = (message: LiveMessage) => void;

/** Publish/subscribe by topic. */
export interface LiveBus {
  /**
   * Sends a message to every subscriber of `topic`, in this process and
   * others sharing the bus. Never throws: delivery trouble is logged.
   */
  publish(topic: LiveTopic, message: LiveMessage): void;
  /** Listens to a topic; returns the unsubscribe function. */
  subscribe(topic: LiveTopic, listener: LiveListener): () => void;
  /** Stops delivering and releases connections. */
  close(): Promise<void>;
}

/** A bus inside one process: listeners are called synchronously by `publish`. */
export function createLocalLiveBus(onListenerError: (error: unknown) => void): LiveBus {
  const topics = new Map<LiveTopic, Set<LiveListener>>();
  let closed = false;
  return {
    publish(topic, message) {
      if (closed) return;
      const listeners = topics.get(topic);
      if (listeners === undefined) return;
      for (const listener of [...listeners]) {
        try {
          listener(message);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(topic, listener) {
      let listeners = topics.get(topic);
      if (listeners === undefined) {
        listeners = new Set();
        topics.set(topic, listeners);
      }
      listeners.add(listener);
      return () => {
        const set = topics.get(topic);
        set?.delete(listener);
        if (set?.size === 0) topics.delete(topic);
      };
    },
    async close() {
      closed = true;
      topics.clear();
    },
  };
}
