/**
 * `npm run asterisk:agents [-- <file>] [--passwords]`: writes the per-agent
 * PJSIP sections from the agents table of DATABASE_URL, to stdout or to
 * <file> (for /etc/asterisk/pjsip_agents.conf). `--passwords` prints each
 * phone's user name and password instead, for provisioning the phones.
 * Needs AGENT_SIP_SECRET, the secret the phone passwords are derived from.
 */
import { existsSync } from 'node:fs';
import type { Logger } from '../app/logger.ts';
import type { Agent } from '../domain/directory/entities.ts';
import { parseDatabaseUrl } from '../store/connection.ts';
import { openStore } from '../store/store.ts';
import { agentPhones, phonePassword, renderAgentSections } from './agent-sections.ts';

/** What the command needs from outside. */
export interface AgentsCommandIo {
  readonly databaseUrl: string;
  /** AGENT_SIP_SECRET. */
  readonly secret: string | undefined;
  readonly logger: Logger;
  readonly out: (text: string) => void;
  /** Messages for the person running it (stderr), so stdout stays the file's text. */
  readonly err: (text: string) => void;
  readonly writeFile: (path: string, text: string) => void;
}

/** Shortest secret accepted: the passwords are only as strong as it is. */
export const MIN_SECRET_LENGTH = 16;

const PAGE = 500;

/** Why the database cannot be read, or undefined. */
class NoAgentsTable extends Error {}

async function allAgents(io: AgentsCommandIo): Promise<Agent[]> {
  const target = parseDatabaseUrl(io.databaseUrl);
  // Reading must not create an empty SQLite file where the real one was expected.
  if (target.kind === 'sqlite' && target.filename !== ':memory:' && !existsSync(target.filename)) {
    throw new NoAgentsTable(`no SQLite database at ${target.filename}`);
  }
  const store = await openStore({
    databaseUrl: io.databaseUrl,
    clock: { now: () => Date.now() },
    logger: io.logger,
  });
  try {
    if (!(await store.knex.schema.hasTable('agents'))) {
      throw new NoAgentsTable(
        'the database has no agents table: start callwright once to create it',
      );
    }
    const agents: Agent[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.agents.list({}, { offset, limit: PAGE });
      agents.push(...page);
      if (page.length < PAGE) return agents;
    }
  } finally {
    await store.close();
  }
}

/** Runs the command; returns the exit status (1: no agents table, 2: usage or missing secret). */
export async function runAgentsCommand(
  args: readonly string[],
  io: AgentsCommandIo,
): Promise<number> {
  const passwords = args.includes('--passwords');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length > 1 || args.some((a) => a.startsWith('--') && a !== '--passwords')) {
    io.err('usage: npm run asterisk:agents [-- <file>] [--passwords]\n');
    return 2;
  }
  if (io.secret === undefined || io.secret.length < MIN_SECRET_LENGTH) {
    io.err(
      `asterisk:agents: set AGENT_SIP_SECRET (${MIN_SECRET_LENGTH}+ characters): phone passwords are derived from it\n`,
    );
    return 2;
  }
  const secret = io.secret;
  let agents: Agent[];
  try {
    agents = await allAgents(io);
  } catch (error) {
    if (!(error instanceof NoAgentsTable)) throw error;
    io.err(`asterisk:agents: ${error.message}\n`);
    return 1;
  }
  const { phones, skipped } = agentPhones(agents);
  if (passwords) {
    io.out(phones.map((p) => `${p.resource} ${phonePassword(secret, p.resource)}\n`).join(''));
    return 0;
  }
  const text = renderAgentSections(phones, skipped, secret);
  const file = files[0];
  if (file === undefined) io.out(text);
  else {
    io.writeFile(file, text);
    io.err(`asterisk:agents: wrote ${phones.length} phone(s) to ${file}\n`);
  }
  return 0;
}
