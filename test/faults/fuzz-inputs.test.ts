/**
 * Malformed input from every side callwright listens to (SEC / issue 10):
 * 10,000 seeded mutations each of captured ARI event frames, AMI frames,
 * FastAGI sessions, CSV list rows and GraphQL operations. Nothing throws or
 * crashes; each input is either accepted as what it still is or rejected
 * with a reason a person can read. The FastAGI cases go over real sockets to
 * the real server, which must still run a clean session afterwards; the
 * GraphQL cases go through the real HTTP handler with an admin key.
 * `FUZZ_CASES` changes the count (CI runs the default).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createAgiServer } from '../../src/asterisk/agi/agi-server.ts';
import { AmiFrameParser } from '../../src/asterisk/ami/ami-frame-parser.ts';
import { FRAME_REJECT_REASONS, parseAriEvent } from '../../src/asterisk/ari/event-parser.ts';
import { rowParser } from '../../src/domain/dialer/list-row.ts';
import { createTestApi } from '../helpers/api.ts';
import { mutations } from '../helpers/fuzz.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const fixtures = new URL('../fixtures/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, fixtures), 'utf8');
const filesIn = (dir: string) =>
  readdirSync(new URL(dir, fixtures)).map((name) => read(`${dir}${name}`));

/** A readable reason: a non-empty string. */
const readable = (s: unknown) => typeof s === 'string' && s.trim().length > 0;
/** The start of an input, for a failure message. */
const head = (s: string) => JSON.stringify(s.slice(0, 160));

test('ARI event frames: every mutated frame is an event or a named rejection', (t) => {
  const seeds = [...filesIn('ari/events/'), ...filesIn('acd/')].map((s) => s.trim());
  let accepted = 0;
  for (const raw of mutations(seeds, CASES, 1)) {
    const result = parseAriEvent(raw);
    if (result.ok) {
      accepted += 1;
      if (typeof result.event.type !== 'string') t.fail(`event without type from ${head(raw)}`);
    } else if (!FRAME_REJECT_REASONS.includes(result.reason) || !readable(result.detail)) {
      t.fail(`unclear rejection ${JSON.stringify(result)} of ${head(raw)}`);
    }
  }
  t.true(accepted < CASES, 'most mutations are rejected');
  t.log(`${accepted} of ${CASES} mutated frames were still valid events`);
});

test('AMI frames: the parser never throws and names what it refuses', (t) => {
  const seeds = [
    ...filesIn('ami/events/'),
    read('ami/login-success.txt'),
    read('ami/coreshowchannels-reply.txt'),
    read('ami/originate-async-reply.txt'),
    read('ami/error-unknown-action.txt'),
  ].map((s) => s.replace(/\r?\n/g, '\r\n'));
  const reasons = new Set(['malformed_line', 'too_large', 'truncated']);
  let messages = 0;
  let rejected = 0;
  for (const raw of mutations(seeds, CASES, 2)) {
    // A fresh connection per case; the banner first, as Asterisk sends it.
    const parser = new AmiFrameParser({ maxLineLength: 4096, maxLinesPerFrame: 500 });
    const out = [
      ...parser.push('Asterisk Call Manager/11.0.0\r\n'),
      ...parser.push(Buffer.from(raw, 'utf8')),
      ...parser.end(),
    ];
    for (const o of out) {
      if (o.kind === 'message') messages += 1;
      else if (o.kind === 'rejected') {
        rejected += 1;
        if (!reasons.has(o.reason) || !readable(o.detail))
          t.fail(`unclear ${JSON.stringify(o).slice(0, 300)}`);
      }
    }
  }
  t.true(messages > 0 && rejected > 0, `${messages} messages, ${rejected} rejections`);
});

test('CSV rows: every mutated row is imported or refused with its reason', (t) => {
  const parse = rowParser(
    { name: 'name', phones: ['phone', 'mobile'], timezone: 'tz', externalId: 'id' },
    { defaultCountry: 'FR', countries: new Set(['FR', 'BE']) },
  );
  const seeds = [
    'c-1|Jeanne Martin|01 42 68 53 00|06 12 34 56 78|Europe/Paris',
    'c-2|Émile Dubois|+33 4 72 00 00 00||',
    'c-3|Anne|+32 2 555 12 12|0470 12 34 56|Europe/Brussels',
  ];
  let ok = 0;
  for (const raw of mutations(seeds, CASES, 3)) {
    const [id = '', name = '', phone = '', mobile = '', tz = ''] = raw.split('|');
    const result = parse({ id, name, phone, mobile, tz });
    if (result.ok) {
      ok += 1;
      if (!result.row.numbers.every((n) => /^\+\d{6,15}$/.test(n.e164))) {
        t.fail(`accepted a number that is not E.164: ${JSON.stringify(result.row)}`);
      }
    } else if (!readable(result.reason)) t.fail(`unclear refusal of ${head(raw)}`);
  }
  t.true(ok > 0 && ok < CASES, `${ok} of ${CASES} rows still valid`);
});

test('FastAGI: garbage sessions over real sockets never stop the server', async (t) => {
  const registry = new Registry();
  let sessions = 0;
  const server = await createAgiServer({
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
    registry,
    envTimeoutMs: 2_000,
    commandTimeoutMs: 2_000,
    onSession: async (session) => {
      sessions += 1;
      // Answer, then read one variable: a reply line is needed for each.
      await session.command('ANSWER');
      await session.command('GET VARIABLE "CW_PROBE"');
    },
  });
  t.teardown(() => server.close());
  const env = read('agi/fastagi-session-1.txt')
    .split('\n')
    .filter((l) => l.startsWith('S->C "agi_'))
    .map((l) => l.slice(6, -1));
  const clean = `${env.join('\n')}\n\n200 result=0\n200 result=1 (yes)\n`;
  /** Sends `payload`, then waits for the server to close or answer; resolves with what came back. */
  const session = (payload: string) =>
    new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1');
      let got = '';
      socket.on('data', (d) => {
        got += d.toString('utf8');
      });
      socket.on('error', () => resolve(got));
      socket.on('close', () => resolve(got));
      socket.end(payload);
    });
  // Sockets are cheap but not free: run the cases in waves.
  const cases = [...mutations([clean], Math.min(CASES, 10_000), 4)];
  const WAVE = 200;
  for (let i = 0; i < cases.length; i += WAVE) {
    await Promise.all(cases.slice(i, i + WAVE).map(session));
  }
  const reply = await session(clean);
  t.true(reply.includes('ANSWER'), `a clean session still runs: ${reply}`);
  t.true(sessions > 0);
  const metrics = await registry.getMetricsAsJSON();
  t.true(metrics.length > 0);
});

test('GraphQL: malformed operations get errors, never a crash or a 500', async (t) => {
  const api = await createTestApi();
  t.teardown(() => api.close());
  const seeds = [
    '{ queues(first: 5) { edges { node { id name strategy } } } }',
    'mutation { createBusinessLine(input: { name: "X", timezone: "Europe/Paris" }) { __typename } }',
    'query($id: ID!) { node(id: $id) { id } }',
    '{ calls(first: 3, filter: { from: "2026-01-01T00:00:00Z" }) { edges { node { id ani } } } }',
    'mutation { agentPause(reason: "coffee") { __typename ... on Problem { code message } } }',
  ];
  let errors = 0;
  for (const query of mutations(seeds, CASES, 5)) {
    const response = await api.yoga.fetch('http://callwright.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.adminKey}` },
      body: JSON.stringify({ query, variables: { id: query.slice(0, 40) } }),
    });
    if (response.status >= 500) t.fail(`${response.status} for ${head(query)}`);
    const body = (await response.json()) as { errors?: Array<{ message?: unknown }> };
    if (body.errors !== undefined) {
      errors += 1;
      if (!body.errors.every((e) => readable(e.message)))
        t.fail(`unclear errors for ${head(query)}`);
    }
  }
  t.true(errors > CASES / 2, `${errors} of ${CASES} operations were refused`);
  const still = await api.gql('{ queues(first: 1) { edges { node { id } } } }', {}, api.adminKey);
  t.is(still.errors, undefined, 'the API still answers a valid query');
});
