/** graphql-armor limits protect the server from abusive queries. */
import test from 'ava';
import { createTestApi, type TestApi } from '../helpers/api.ts';

let api: TestApi;
test.before(async () => {
  api = await createTestApi();
});
test.after.always(async () => {
  await api?.close();
});

test('a query nested deeper than 12 levels is refused', async (t) => {
  let selection = 'id';
  for (let i = 0; i < 7; i++) selection = `members { queue { ${selection} } }`;
  const result = await api.gql(`{ queues { edges { node { ${selection} } } } }`, {}, api.adminKey);
  t.truthy(result.errors);
  t.regex(result.errors?.[0]?.message ?? '', /depth/i);
});

test('more than 30 aliases are refused', async (t) => {
  const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ');
  const result = await api.gql(`{ ${aliases} }`, {}, api.adminKey);
  t.truthy(result.errors);
  t.regex(result.errors?.[0]?.message ?? '', /alias/i);
});

test('a reasonable query passes the limits', async (t) => {
  const result = await api.gql(
    '{ me { id username } queues { edges { node { name } } } }',
    {},
    api.adminKey,
  );
  t.is(result.errors, undefined);
});
