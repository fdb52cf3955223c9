/**
 * `npm run asterisk:agents [-- <file>] [--passwords]`: per-agent PJSIP
 * sections from the agents table (see src/deploy/agents-command.ts).
 */
import { writeFileSync } from 'node:fs';
import pino from 'pino';
import { ConfigError, loadConfig } from '../src/config.ts';
import { runAgentsCommand } from '../src/deploy/agents-command.ts';

try {
  const config = loadConfig();
  process.exitCode = await runAgentsCommand(process.argv.slice(2), {
    databaseUrl: config.DATABASE_URL,
    secret: process.env.AGENT_SIP_SECRET,
    // Logs go to stderr so stdout stays the file's text.
    logger: pino(
      { level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL },
      pino.destination(2),
    ),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    writeFile: (path, text) => writeFileSync(path, text),
  });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`asterisk:agents: ${error.message}`);
  process.exitCode = 2;
}
