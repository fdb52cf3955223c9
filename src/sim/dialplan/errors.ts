/**
 * Dialplan errors. Load-time problems carry the file and line; run-time
 * problems (an unknown function met while substituting) carry the location in
 * the dialplan so the simulator log points at the broken line.
 */

/** A dialplan file that cannot be loaded. Message is `file:line: problem`. */
export class DialplanParseError extends Error {
  readonly code = 'DIALPLAN_PARSE_ERROR';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'DialplanParseError';
  }
}

/** A failure while running a step (unknown function, bad Goto target...). */
export class DialplanRuntimeError extends Error {
  readonly code = 'DIALPLAN_RUNTIME_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'DialplanRuntimeError';
  }
}
