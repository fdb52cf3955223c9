/**
 * Nothing secret reaches the logs (issue 10, secrets): a whole scenario runs
 * with every component logging at trace level into memory — a supervisor
 * logs in with a password (and once with a wrong one), agents act with their
 * API keys, a call goes through the simulator to an agent and ends — and the
 * log text holds none of the API keys, session tokens, passwords, nor the
 * ARI credentials, and no Authorization header.
 */
import { Writable } from 'node:stream';
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import pino from 'pino';
import { type AcdUnderTest, DID, startAcd } from '../integration/acd-harness.ts';

const PASSWORD = 'Sup3rvisor-pass-2026';
const WRONG = 'Wr0ng-guess-2026!';

let acd: AcdUnderTest | undefined;
test.after.always(async () => {
  await acd?.close();
});

test('a full scenario logs no key, token or password', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const a = await startAcd({ logger: pino({ level: 'trace' }, sink) });
  acd = a;
  const line = (await a.store.businessLines.getByName('Line'))!;
  const created = await a.gql(
    `mutation($input: UserInput!) { r: createUser(input: $input) { __typename ... on Problem { code message } } }`,
    {
      input: {
        username: 'sophie',
        displayName: 'Sophie',
        role: 'SUPERVISOR',
        password: PASSWORD,
        businessLineIds: [encodeGlobalID('BusinessLine', line.id)],
      },
    },
  );
  t.is(
    (created.data?.r as { __typename?: string } | undefined)?.__typename,
    'MutationCreateUserSuccess',
    JSON.stringify(created),
  );
  const login = `mutation($u: String!, $p: String!) { r: login(username: $u, password: $p) {
    __typename ... on MutationLoginSuccess { data { token } } ... on Problem { code } } }`;
  const refused = await a.gql(login, { u: 'sophie', p: WRONG }, '');
  t.is((refused.data?.r as { __typename: string }).__typename, 'Problem');
  const session = await a.gql(login, { u: 'sophie', p: PASSWORD }, '');
  const token = (session.data?.r as { data?: { token: string } }).data?.token;
  t.truthy(token, JSON.stringify(session));
  const queues = await a.gql('{ liveQueues { waiting } }', {}, token);
  t.is(queues.errors, undefined);

  for (const key of a.tokens) {
    const r = await a.gql('mutation { r: agentLogin { __typename } }', {}, key);
    t.is(r.errors, undefined);
    await a.gql('mutation { r: agentReady { __typename } }', {}, key);
  }
  const { channelId } = a.sim.control.placeCall({ from: '+33612345678', to: DID });
  await a.waitFor('call bridged', (e) => e.type === 'call-bridged');
  const mark = a.events.length;
  a.sim.control.remoteHangup(channelId);
  await a.waitFor('call closed', (e) => e.type === 'call-closed', mark);

  const text = lines.join('');
  const entries = text.split('\n').filter((l) => l !== '').length;
  // The scenario did log: both logins, the call's steps, ARI requests at debug level.
  t.true(
    entries >= 20 &&
      text.includes('login refused') &&
      text.includes('logged in') &&
      text.includes('ARI REST call'),
    `${entries} log lines`,
  );
  const secrets = {
    'admin key': a.adminKey,
    'agent key 1': a.tokens[0],
    'agent key 2': a.tokens[1],
    'session token': token!,
    password: PASSWORD,
    'wrong password': WRONG,
  };
  for (const [what, secret] of Object.entries(secrets)) {
    t.false(text.includes(secret), `${what} is in the logs`);
  }
  t.false(/authorization/i.test(text) && /bearer\s+cw_/i.test(text), 'no Authorization header');
  t.false(/"password"\s*:/i.test(text), 'no password field');
});
