/**
 * Response texts, byte for byte as res_agi.c writes them (each line ends
 * with `\n`, never `\r\n`; see transcripts/fastagi-session-1.txt).
 */

/** Unknown command. */
export const INVALID_COMMAND = '510 Invalid or unknown command';
/** A command that needs a live channel after the caller hung up. */
export const DEAD_CHANNEL = '511 Command Not Permitted on a dead channel or intercept routine';
/** The unsolicited line written when the channel hangs up. */
export const HANGUP_NOTICE = 'HANGUP';

/** `200 result=N` with an optional `(data)` and further `key=value` parts. */
export function ok(result: number | string, data?: string, ...extra: string[]): string {
  const parts = [`200 result=${result}`];
  if (data !== undefined) parts.push(`(${data})`);
  parts.push(...extra);
  return parts.join(' ');
}

/** The multi-line 520 reply for a command used with the wrong arguments. */
export function usage(text: string): string[] {
  return ['520-Invalid command syntax.  Proper usage follows:', text, '520 End of proper usage.'];
}
