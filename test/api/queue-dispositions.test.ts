/**
 * A queue's disposition codes through GraphQL (AGT-6): written in its ACD
 * settings (`wrapUp`), read back, merged field by field on update, bad
 * lists refused as VALIDATION_FAILED; `setCallWrapUp` on a call of that
 * queue refuses an unknown code and a missing one when required, and takes
 * a listed one.
 */
import test from 'ava';
import { createTestApi, errorCode, errorDetails, field, type TestApi } from '../helpers/api.ts';
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

const UPDATE = `mutation($id: ID!, $i: QueuePatch!) { r: updateQueue(id: $id, input: $i) {
  __typename ... on Problem { code message fields { path message } }
  ... on MutationUpdateQueueSuccess { data { acdSettings { wrapUp { dispositions dispositionRequired } } } }
} }`;

const WRAP_UP = `mutation($callId: String!, $code: String) {
  r: setCallWrapUp(callId: $callId, disposition: $code) {
    __typename ... on Problem { code message } ... on MutationSetCallWrapUpSuccess { data { disposition } }
  }
}`;

interface Update {
  __typename: string;
  code?: string;
  message?: string;
  data?: { acdSettings: { wrapUp: { dispositions: string[]; dispositionRequired: boolean } } };
}

const update = async (wrapUp: Record<string, unknown>) =>
  field<Update>(
    await api.gql(UPDATE, { id: org.ids.queueA, i: { acdSettings: { wrapUp } } }, api.adminKey),
    'r',
  );

const wrapUp = async (code: string | null) =>
  field<{ __typename: string; code?: string; message?: string }>(
    await api.gql(WRAP_UP, { callId: '1700000000.1', code }, api.adminKey),
    'r',
  );

test.serial('codes are stored, merged on update, and bad lists refused', async (t) => {
  const set = await update({ dispositions: ['sale', ' no-sale '], dispositionRequired: true });
  t.deepEqual(set.data?.acdSettings.wrapUp, {
    dispositions: ['sale', 'no-sale'],
    dispositionRequired: true,
  });
  const relaxed = await update({ dispositionRequired: false });
  t.deepEqual(relaxed.data?.acdSettings.wrapUp, {
    dispositions: ['sale', 'no-sale'],
    dispositionRequired: false,
  });
  const twice = await update({ dispositions: ['sale', 'sale'] });
  t.like(twice, { __typename: 'Problem', code: 'VALIDATION_FAILED' });
  t.regex(twice.message ?? '', /unique/);
  // An empty code is caught by the input's own rules, with the field's path.
  const empty = await api.gql(
    UPDATE,
    { id: org.ids.queueA, i: { acdSettings: { wrapUp: { dispositions: [''] } } } },
    api.adminKey,
  );
  t.is(errorCode(empty), 'VALIDATION_FAILED');
  t.deepEqual(errorDetails(empty), {
    fields: [{ path: 'input.acdSettings.wrapUp.dispositions.0', message: 'must not be empty' }],
  });
});

test.serial("setCallWrapUp follows the call queue's codes", async (t) => {
  await update({ dispositions: ['sale', 'no-sale'], dispositionRequired: true });
  const unknown = await wrapUp('complaint');
  t.like(unknown, { __typename: 'Problem', code: 'VALIDATION_FAILED' });
  t.regex(unknown.message ?? '', /"complaint" is not a disposition code of queue Queue A/);
  const missing = await wrapUp(null);
  t.like(missing, { __typename: 'Problem', code: 'VALIDATION_FAILED' });
  t.regex(missing.message ?? '', /requires a disposition code/);
  t.like(await wrapUp('no-sale'), { __typename: 'MutationSetCallWrapUpSuccess' });
  await update({ dispositionRequired: false });
  t.like(await wrapUp(null), { __typename: 'MutationSetCallWrapUpSuccess' });
});
