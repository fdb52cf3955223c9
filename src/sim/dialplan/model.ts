/**
 * The parsed dialplan: what extensions.conf describes once it is read.
 * Plain data, built by the parser and read by the engine.
 */

/** One dialplan file as the parser takes it (name relative to its directory). */
export interface DialplanFile {
  name: string;
  text: string;
}

/** One priority line: `exten => 100,n(label),App(data)`. */
export interface Step {
  priority: number;
  label?: string;
  /** Application name as written (matched case-insensitively, like Asterisk). */
  app: string;
  /** Raw application data, substituted only when the step runs. */
  appData: string;
  /** Where the line came from, for error messages. */
  file: string;
  line: number;
}

/** All priorities of one extension pattern inside one context. */
export interface Extension {
  /** As written: `_X.`, `100`, `s`, `h`. */
  pattern: string;
  isPattern: boolean;
  steps: Map<number, Step>;
  labels: Map<string, number>;
  /** Highest priority seen so far: what `n` continues from. */
  lastPriority: number;
}

/** A `[context]` with its extensions (in file order) and `include =>` list. */
export interface Context {
  name: string;
  extensions: Map<string, Extension>;
  includes: Array<{ name: string; file: string; line: number }>;
  file: string;
  line: number;
}

/** The whole dialplan. */
export interface DialplanConfig {
  contexts: Map<string, Context>;
  /** `[globals]`, already substituted against earlier globals (as pbx_config does). */
  globals: Map<string, string>;
}
