/**
 * Turns a push subscription into the async iterator a GraphQL subscription
 * resolver returns. Messages wait in a bounded buffer while the client
 * reads; a client that falls more than `limit` messages behind loses the
 * oldest ones (it is too slow for live data, and memory must stay bounded).
 * Ending the iterator (client gone, `return()`) unsubscribes at once.
 */

/** Options of {@link liveStream}. */
export interface LiveStreamOptions<T> {
  /** Messages delivered first (the current state). */
  readonly initial?: readonly T[];
  /** Most messages kept for a slow reader. */
  readonly limit?: number;
  /** Told once per dropped message. */
  readonly onDrop?: () => void;
}

/** An iterator over pushed messages that can also be ended from outside. */
export interface LiveStream<T> extends AsyncIterableIterator<T> {
  /** Ends the stream: the reader sees the end once the buffer is read. */
  end(): void;
}

const DEFAULT_LIMIT = 1000;

/**
 * Creates the stream. `open` starts the subscription with the push function
 * and returns its unsubscribe, called when the stream ends.
 */
export function liveStream<T>(
  open: (push: (message: T) => void) => () => void,
  options: LiveStreamOptions<T> = {},
): LiveStream<T> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const buffer: T[] = [...(options.initial ?? [])];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let done = false;
  let unsubscribe: (() => void) | null = null;

  const finish = () => {
    if (done) return;
    done = true;
    unsubscribe?.();
    unsubscribe = null;
    if (waiting !== null && buffer.length === 0) {
      const wake = waiting;
      waiting = null;
      wake({ value: undefined, done: true });
    }
  };

  const push = (message: T) => {
    if (done) return;
    if (waiting !== null) {
      const wake = waiting;
      waiting = null;
      wake({ value: message, done: false });
      return;
    }
    buffer.push(message);
    if (buffer.length > limit) {
      buffer.shift();
      options.onDrop?.();
    }
  };

  unsubscribe = open(push);

  const stream: LiveStream<T> = {
    next() {
      const value = buffer.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      buffer.length = 0;
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      buffer.length = 0;
      finish();
      return Promise.reject(error);
    },
    end: finish,
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
