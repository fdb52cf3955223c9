/**
 * The vocabulary of the deployment check: a problem points at a file and
 * line; errors fail the check, warnings are printed only.
 */
import type { ConfLocation } from './conf-reader.ts';

/** One finding of the check. */
export interface CheckProblem extends ConfLocation {
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** An error at `at`. */
export const error = (at: ConfLocation, message: string): CheckProblem => ({
  severity: 'error',
  file: at.file,
  line: at.line,
  message,
});

/** A warning at `at`. */
export const warning = (at: ConfLocation, message: string): CheckProblem => ({
  severity: 'warning',
  file: at.file,
  line: at.line,
  message,
});

/** A file-level finding (line 0: the file as a whole). */
export const fileAt = (file: string): ConfLocation => ({ file, line: 0 });

/** ast_true(): the words Asterisk reads as "yes". */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(yes|true|y|t|1|on)$/i.test(value.trim());
}
