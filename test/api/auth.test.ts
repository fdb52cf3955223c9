/** Authentication: bearer tokens, sessions, API keys, the first admin key. */
import test from 'ava';
import { createTestApi, errorCode, field, type TestApi } from '../helpers/api.ts';
import { buildOrg, type Org } from '../helpers/org.ts';

let api: TestApi;
let org: Org;
test.before(async () => {
  api = await createTestApi();
  org = await buildOrg(api);
});
test.after.always(async () => {
  await api?.close();
});

test.serial('a request without a token gets a clear UNAUTHENTICATED error', async (t) => {
  const result = await api.gql('{ queues { edges { node { id } } } }');
  t.is(errorCode(result), 'UNAUTHENTICATED');
  t.regex(result.errors?.[0]?.message ?? '', /Authorization: Bearer/);
});

test.serial('an unknown token is treated as anonymous', async (t) => {
  t.is(errorCode(await api.gql('{ me { id } }', {}, 'cw_not-a-real-key')), 'UNAUTHENTICATED');
});

test.serial('login opens a session; logout closes it', async (t) => {
  const login = await api.gql(
    'mutation { login(username: "supervisor-a", password: "correct horse battery") { ... on MutationLoginSuccess { data { token user { username role } } } } }',
  );
  const { token, user } = field<{ data: { token: string; user: unknown } }>(login, 'login').data;
  t.deepEqual(user, { username: 'supervisor-a', role: 'SUPERVISOR' });
  const me = await api.gql('{ me { username } }', {}, token);
  t.deepEqual(me.data?.me, { username: 'supervisor-a' });
  await api.gql('mutation { logout }', {}, token);
  t.is(errorCode(await api.gql('{ me { username } }', {}, token)), 'UNAUTHENTICATED');
});

test.serial('a session expires', async (t) => {
  const login = await api.services.auth.login('qa-a', 'correct horse battery', null);
  t.truthy(await api.services.auth.authenticate(login.token, null));
  api.clock.set(login.expiresAt + 1);
  t.is(await api.services.auth.authenticate(login.token, null), undefined);
  api.clock.set(login.expiresAt - 36 * 3600_000);
});

test.serial('failed logins are audited and reveal nothing', async (t) => {
  const unknown = await api.gql(
    'mutation { login(username: "nobody", password: "x") { __typename ... on Problem { code message } } }',
  );
  const wrong = await api.gql(
    'mutation { login(username: "qa-a", password: "x") { __typename ... on Problem { code message } } }',
  );
  t.deepEqual(unknown.data?.login, wrong.data?.login);
  const log = await api.store.audit.list({}, { offset: 0, limit: 10_000 });
  t.true(log.some((e) => e.action === 'auth.login-failed'));
});

test.serial(
  'an API key works until revoked; its secret is shown once and stored hashed',
  async (t) => {
    const created = await api.gql(
      'mutation { createApiKey(name: "ERP") { ... on MutationCreateApiKeySuccess { data { secret apiKey { id prefix } } } } }',
      {},
      org.tokens.agent,
    );
    const { secret, apiKey } = field<{
      data: { secret: string; apiKey: { id: string; prefix: string } };
    }>(created, 'createApiKey').data;
    t.true(secret.startsWith(apiKey.prefix));
    t.deepEqual((await api.gql('{ me { username } }', {}, secret)).data?.me, {
      username: 'agent-a',
    });
    const rows = await api.store.knex('api_keys').select('*');
    t.false(JSON.stringify(rows).includes(secret));
    const revoked = await api.gql(
      'mutation($id: ID!) { revokeApiKey(id: $id) { ... on MutationRevokeApiKeySuccess { data { revokedAt } } } }',
      { id: apiKey.id },
      org.tokens.agent,
    );
    t.truthy(field<{ data: { revokedAt: string } }>(revoked, 'revokeApiKey').data.revokedAt);
    t.is(errorCode(await api.gql('{ me { username } }', {}, secret)), 'UNAUTHENTICATED');
  },
);

test.serial('a disabled user cannot authenticate', async (t) => {
  await api.services.users.update(api.admin, org.users.qa!, { disabled: true });
  t.is(errorCode(await api.gql('{ me { id } }', {}, org.tokens.qa)), 'UNAUTHENTICATED');
  await api.services.users.update(api.admin, org.users.qa!, { disabled: false });
  t.is(errorCode(await api.gql('{ me { id } }', {}, org.tokens.qa)), undefined);
});

test.serial('the first admin is created only once', async (t) => {
  t.is(await api.services.auth.bootstrapAdmin(undefined), undefined);
  const admins = await api.store.users.list({ role: 'admin' }, { offset: 0, limit: 10 });
  t.is(admins.length, 1);
});
