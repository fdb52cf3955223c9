import { join } from 'node:path';
import test from 'ava';
import pino from 'pino';
import { phonePassword } from '../../src/deploy/agent-sections.ts';
import { type AgentsCommandIo, runAgentsCommand } from '../../src/deploy/agents-command.ts';
import { checkAsteriskConfig } from '../../src/deploy/asterisk-check.ts';
import { readConfDir } from '../../src/deploy/conf-files.ts';
import { lastValue, readConf } from '../../src/deploy/conf-reader.ts';
import { renderInstallation } from '../../src/deploy/render.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/store.ts';
import { manualClock, testDatabases } from '../helpers/databases.ts';

const logger = pino({ level: 'silent' });
const SECRET = 'installation-secret-0123456789';

/** A migrated database holding three SIP agents and one external agent. */
async function databaseWithAgents(emptyUrl: () => Promise<string>): Promise<string> {
  const databaseUrl = await emptyUrl();
  const store = await openStore({ databaseUrl, clock: manualClock(), logger });
  try {
    await migrateToLatest(store.knex);
    const line = await store.businessLines.create({
      name: 'Sales',
      timezone: 'Europe/Paris',
      defaultCountry: 'FR',
    });
    const agent = (name: string, extension: string, endpoint: string, reach: 'sip' | 'external') =>
      store.agents.create({
        businessLineId: line.id,
        name,
        extension,
        endpoint,
        reach,
        skills: [],
      });
    await agent('Léa Dubois', '1003', 'PJSIP/1003', 'sip');
    await agent('Camille Martin', '1001', 'PJSIP/1001', 'sip');
    // A name that would break the file if written as is: quotes and a comment character.
    await agent('Jo "JJ" O\'Neil; night shift', '1002', 'PJSIP/1002', 'sip');
    await agent('Branch office', '2001', '+33612345678', 'external');
  } finally {
    await store.close();
  }
  return databaseUrl;
}

function io(databaseUrl: string, secret: string | undefined = SECRET) {
  const out: string[] = [];
  const err: string[] = [];
  const files = new Map<string, string>();
  const value: AgentsCommandIo = {
    databaseUrl,
    secret,
    logger,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    writeFile: (path, text) => files.set(path, text),
  };
  return { value, out: () => out.join(''), err: () => err.join(''), files };
}

for (const db of testDatabases()) {
  test(`[${db.name}] asterisk:agents writes one endpoint, auth and aor per SIP agent`, async (t) => {
    const url = await databaseWithAgents(() => db.emptyDatabaseUrl());
    const run = io(url);
    t.is(await runAgentsCommand([], run.value), 0);
    const doc = readConf('pjsip_agents.conf', run.out());
    t.deepEqual(doc.errors, []);
    t.deepEqual(
      doc.sections.map((s) => `${s.name}(${s.parents.join(',')})`),
      ['1001', '1002', '1003'].flatMap((e) => [
        `${e}(agent-endpoint)`,
        `${e}(agent-auth)`,
        `${e}(agent-aor)`,
      ]),
    );
    const [endpoint1002, auth1002] = doc.sections.filter((s) => s.name === '1002');
    t.is(lastValue(endpoint1002!, 'callerid'), '"Jo JJ O\'Neil; night shift" <1002>');
    t.is(lastValue(auth1002!, 'password'), phonePassword(SECRET, '1002'));
    t.regex(run.out(), /3 SIP phone\(s\); 1 agent\(s\) reached another way/);
    t.false(run.out().includes('+33612345678'));
  });

  test(`[${db.name}] the generated file passes the deployment check beside the shipped files`, async (t) => {
    const url = await databaseWithAgents(() => db.emptyDatabaseUrl());
    const run = io(url);
    t.is(await runAgentsCommand(['/etc/asterisk/pjsip_agents.conf'], run.value), 0);
    const agents = run.files.get('/etc/asterisk/pjsip_agents.conf');
    t.truthy(agents);
    const root = join(import.meta.dirname, '../..');
    const { files } = renderInstallation({
      conf: readConfDir(join(root, 'asterisk-conf')),
      dialplan: readConfDir(join(root, 'dialplan')),
      trunk: 'ip',
      env: {
        ARI_USER: 'cw',
        ARI_PASSWORD: 'pw',
        AMI_USER: 'cw',
        AMI_SECRET: 'pw',
        ASTERISK_BIND_ADDRESS: '127.0.0.1',
        CALLWRIGHT_NETWORK: '127.0.0.1/32',
        TRUNK_HOST: '203.0.113.7',
      },
    });
    const problems = checkAsteriskConfig({
      files: [...files, { name: 'pjsip_agents.conf', text: agents ?? '' }],
      mode: 'rendered',
      ariApp: 'callwright',
      ariUser: 'cw',
      amiUser: 'cw',
    });
    t.deepEqual(problems, []);
  });

  test(`[${db.name}] --passwords lists each phone's user name and password`, async (t) => {
    const url = await databaseWithAgents(() => db.emptyDatabaseUrl());
    const run = io(url);
    t.is(await runAgentsCommand(['--passwords'], run.value), 0);
    t.deepEqual(
      run.out().trim().split('\n'),
      ['1001', '1002', '1003'].map((e) => `${e} ${phonePassword(SECRET, e)}`),
    );
  });

  test(`[${db.name}] a database without callwright's tables is refused with the reason`, async (t) => {
    const url = await db.emptyDatabaseUrl();
    // Connected once (so a SQLite file exists) but never migrated.
    await (await openStore({ databaseUrl: url, clock: manualClock(), logger })).close();
    const run = io(url);
    t.is(await runAgentsCommand([], run.value), 1);
    t.regex(run.err(), /no agents table: start callwright once/);
    t.is(run.out(), '');
  });
}

test('asterisk:agents refuses to run without a long enough AGENT_SIP_SECRET', async (t) => {
  const run = io('sqlite::memory:', 'short');
  t.is(await runAgentsCommand([], run.value), 2);
  t.regex(run.err(), /AGENT_SIP_SECRET/);
});

test('asterisk:agents never creates a SQLite file that is not there', async (t) => {
  const run = io('sqlite:/nonexistent-dir-for-callwright/callwright.sqlite');
  t.is(await runAgentsCommand([], run.value), 1);
  t.regex(run.err(), /no SQLite database at/);
});

test('phone passwords are stable per secret and differ between phones and secrets', (t) => {
  t.is(phonePassword(SECRET, '1001'), phonePassword(SECRET, '1001'));
  t.not(phonePassword(SECRET, '1001'), phonePassword(SECRET, '1002'));
  t.not(phonePassword(SECRET, '1001'), phonePassword(`${SECRET}x`, '1001'));
  t.regex(phonePassword(SECRET, '1001'), /^[A-Za-z0-9_-]{24}$/);
});
