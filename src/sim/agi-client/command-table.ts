/**
 * The AGI commands the simulator understands, found the way res_agi's
 * find_command() does: the command whose words match the start of the line,
 * case-insensitively, longest first (`GET FULL VARIABLE` before `GET ...`).
 */

import type { AgiCommand } from './command-types.ts';
import { CHANNEL_COMMANDS } from './commands-channel.ts';
import { MEDIA_COMMANDS } from './commands-media.ts';
import { VARIABLE_COMMANDS } from './commands-variables.ts';

const COMMANDS: AgiCommand[] = [...CHANNEL_COMMANDS, ...MEDIA_COMMANDS, ...VARIABLE_COMMANDS].sort(
  (a, b) => b.words.length - a.words.length,
);

/** The command `argv` starts with, if any. */
export function findCommand(argv: readonly string[]): AgiCommand | undefined {
  return COMMANDS.find((cmd) => cmd.words.every((w, i) => argv[i]?.toUpperCase() === w));
}
