/**
 * `npm run asterisk:check [-- --rendered <dir> | --render-to <dir> [--trunk ip|registration]]`:
 * lints asterisk-conf/ and dialplan/ (see src/deploy/check-command.ts).
 */
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config.ts';
import { runCheckCommand } from '../src/deploy/check-command.ts';

try {
  const config = loadConfig();
  process.exitCode = runCheckCommand(process.argv.slice(2), {
    root: fileURLToPath(new URL('..', import.meta.url)),
    env: process.env,
    callwright: config,
    out: (line) => console.log(line),
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`asterisk:check: ${error.message}`);
  process.exitCode = 2;
}
