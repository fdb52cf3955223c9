/**
 * The logging port. Structurally compatible with a pino logger, so the
 * composition root passes `pino().child({ component })` and tests pass a
 * silent pino; nothing outside `main.ts` constructs one.
 */
export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

/** A structured logger; each component gets its own child. */
export interface Logger {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}
