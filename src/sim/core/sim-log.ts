/**
 * The simulator's logging seam. The simulator is its own program and imports
 * nothing from the application, so it takes a structurally pino-compatible
 * logger and reduces it to one function.
 */

/** Minimal pino-compatible logger shape. */
export interface SimLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): SimLogger;
}

/** One-call logging used throughout the core. */
export type SimLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/** Adapts a logger to {@link SimLog}. */
export function toSimLog(logger: SimLogger): SimLog {
  return (level, msg, fields = {}) => logger[level](fields, msg);
}

/** A logger that drops everything (default when none is injected). */
export const silentLogger: SimLogger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};
