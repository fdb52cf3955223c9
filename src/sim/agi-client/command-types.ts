/**
 * The shape of an AGI command handler. A handler answers with the reply
 * line(s); the session adds framing, the dead-channel check and the 520
 * usage reply.
 */
import type { AppHost, DialplanChannel } from '../dialplan/app-host.ts';

/** What the AGI needs of the dialplan engine (a Dialplan satisfies it). */
export interface AgiDialplan {
  exec(ch: DialplanChannel, host: AppHost, app: string, data: string): Promise<number>;
  getVariable(ch: DialplanChannel, host: AppHost, name: string): string | undefined;
  substitute(ch: DialplanChannel, host: AppHost, text: string): string;
  setVariable(ch: DialplanChannel, host: AppHost, name: string, value: string): boolean;
}

/** What a handler works with. */
export interface AgiCommandContext {
  ch: DialplanChannel;
  host: AppHost;
  dialplan: AgiDialplan;
}

/**
 * A handler's answer: `reply` is the `200 ...` line; `failed` marks a
 * RESULT_FAILURE (the channel went away); `usage` asks for the 520 reply;
 * `hungUpByScript` marks the script's own HANGUP of this channel.
 */
export type AgiOutcome =
  | { reply: string; failed?: boolean; hungUpByScript?: boolean }
  | { usage: true };

/** One AGI command. */
export interface AgiCommand {
  /** Upper-case words: `['STREAM', 'FILE']`. */
  words: string[];
  /** Allowed after the channel hung up (res_agi's `dead` column). */
  deadOk: boolean;
  /** Shown in the 520 reply. */
  usage: string;
  run(ctx: AgiCommandContext, argv: string[]): Promise<AgiOutcome>;
}

/** The 520 outcome. */
export const USAGE: AgiOutcome = { usage: true };
