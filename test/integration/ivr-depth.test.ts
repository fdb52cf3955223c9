/**
 * IVR-1's "up to 100 levels": a 100-level menu flow is accepted through
 * GraphQL and a call runs all of it through the simulator; one more level
 * is refused at publish with the node and the reason.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import { type IvrUnderTest, startIvr } from './ivr-harness.ts';

let h: IvrUnderTest;
test.before(async () => {
  h = await startIvr();
});
test.after.always(async () => {
  await h?.close();
});

/** `levels` menus in a chain, each `1` to the next, the last `1` to the Sales queue. */
function chain(levels: number) {
  const nodes: Record<string, unknown> = { q: { type: 'queue', queueId: 'Sales' } };
  for (let i = 1; i <= levels; i += 1) {
    nodes[`m${i}`] = {
      type: 'menu',
      prompt: 'beep',
      options: { '1': i === levels ? 'q' : `m${i + 1}` },
      onExhausted: 'q',
    };
  }
  return { schemaVersion: 1, id: `chain-${levels}`, name: `Chain ${levels}`, start: 'm1', nodes };
}

const CREATE = `mutation($i: IvrFlowInput!) { r: createIvrFlow(input: $i) {
  __typename ... on MutationCreateIvrFlowSuccess { data { id draftValidation { ok depth errors { code nodeId message } } } } } }`;
const PUBLISH = `mutation($id: ID!) { r: publishIvrFlow(id: $id) {
  __typename ... on MutationPublishIvrFlowSuccess { data { version } }
  ... on Problem { code message details } } }`;

async function create(levels: number) {
  const result = await h.gql(CREATE, {
    i: {
      businessLineId: encodeGlobalID('BusinessLine', h.lineId),
      name: `Chain ${levels}`,
      document: chain(levels),
    },
  });
  return (
    result.data?.r as {
      data: { id: string; draftValidation: { ok: boolean; depth: number; errors: unknown[] } };
    }
  ).data;
}

test('a 100-level flow validates, publishes and runs to its queue through the simulator', async (t) => {
  const flow = await create(100);
  t.like(flow.draftValidation, { ok: true, depth: 100, errors: [] });
  const published = await h.gql(PUBLISH, { id: flow.id });
  t.like(published.data?.r, { __typename: 'MutationPublishIvrFlowSuccess', data: { version: 1 } });
  const route = await h.gql(
    'mutation($f: ID!) { r: setIvrDidRoute(did: "8200", flowId: $f) { __typename } }',
    {
      f: flow.id,
    },
  );
  t.like(route.data?.r, { __typename: 'MutationSetIvrDidRouteSuccess' });
  const answers = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`m${i + 1}`, ['1']]));
  const channelId = h.call('+33155550100', answers, '8200');
  const { session, path } = await h.ended(channelId);
  t.like(session, { outcome: 'queue', flowKey: 'chain-100', error: null });
  t.is(path.filter((s) => s.event === 'digits').length, 100);
  t.is(h.agiCommands(channelId).filter((c) => c.startsWith('GET DATA beep')).length, 100);
});

test('a 101-level flow is refused at publish, naming the node and the reason', async (t) => {
  const flow = await create(101);
  t.false(flow.draftValidation.ok);
  t.like(flow.draftValidation.errors[0], { code: 'TOO_DEEP', nodeId: 'm101' });
  const published = await h.gql(PUBLISH, { id: flow.id });
  const problem = published.data?.r as {
    code: string;
    message: string;
    details: { issues: Array<{ code: string; message: string }> };
  };
  t.is(problem.code, 'VALIDATION_FAILED');
  t.regex(
    problem.message,
    /node "m101": is 101 menu levels deep; a flow may be at most 100 levels deep/,
  );
  t.like(problem.details.issues[0], { code: 'TOO_DEEP' });
});
