/**
 * Recordings and reports through the real HTTP server and GraphQL handler
 * over a real database: recordings found by contact, number, agent and
 * date with SEC-1 visibility; played over HTTP with byte ranges, by bearer
 * token or signed link; downloaded; deleted by an admin; reports, their CSV
 * export, the call records export, the wallboard and an agent's own figures.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createHttpServer, type HttpServer } from '../../src/api/server.ts';
import { createRollupJob } from '../../src/app/records/rollup-job.ts';
import { createTestApi, type TestApi } from '../helpers/api.ts';
import { buildOrg, type Org } from '../helpers/org.ts';

let api: TestApi;
let org: Org;
let server: HttpServer;
let base: string;
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
const recordingIds: Record<string, string> = {};

test.before(async () => {
  api = await createTestApi();
  org = await buildOrg(api);
  const t0 = api.clock.now();
  for (const [key, call] of Object.entries({
    a1: org.raw.callA1,
    a2: org.raw.callA2,
    b1: org.raw.callB1,
  })) {
    writeFileSync(join(api.recordingsDir, `call-${call.linkedId}.wav`), bytes);
    const rec = await api.services.recordings.indexFinished({
      name: `call-${call.linkedId}`,
      format: 'wav',
      targetUri: `bridge:cw-call-${call.linkedId}`,
      durationS: 55,
      at: t0 + 60_000,
    });
    recordingIds[key] = encodeGlobalID('Recording', rec!.id);
  }
  await createRollupJob({
    store: api.store,
    logger: pino({ level: 'silent' }),
    schedule: () => () => {},
  }).runOnce();
  server = createHttpServer({
    services: api.services,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    readiness: [],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.after.always(async () => {
  await server?.shutdown();
  await api?.close();
});

const RECORDINGS = `query($filter: RecordingFilter) {
  recordings(filter: $filter) { edges { node { id name durationMs sizeBytes call { id } playUrl downloadUrl } } }
}`;

interface RecordingNode {
  id: string;
  name: string;
  durationMs: number;
  sizeBytes: number;
  call: { id: string } | null;
  playUrl: string;
  downloadUrl: string;
}

async function recordings(token: string | undefined, filter: Record<string, unknown> = {}) {
  const result = await api.gql(RECORDINGS, { filter }, token);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  const conn = result.data?.recordings as { edges: Array<{ node: RecordingNode }> };
  return conn.edges.map((e) => e.node);
}

const names = (nodes: RecordingNode[]) => nodes.map((n) => n.name).sort();

test.serial(
  'QA finds the recordings of its line; an agent only those of its own calls',
  async (t) => {
    const qa = await recordings(org.tokens.qa);
    t.deepEqual(names(qa), ['call-1700000000.1', 'call-1700000000.2']);
    t.like(
      qa.find((n) => n.name === 'call-1700000000.1'),
      { durationMs: 55_000, sizeBytes: 1000, call: { id: org.ids.callA1 } },
    );
    t.deepEqual(names(await recordings(org.tokens.agent)), ['call-1700000000.1']);
    t.deepEqual(names(await recordings(org.tokens.admin)), [
      'call-1700000000.1',
      'call-1700000000.2',
      'call-1700000000.3',
    ]);
    const denied = await api.gql(
      '{ node(id: "' + recordingIds.a2 + '") { id } }',
      {},
      org.tokens.agent,
    );
    t.is(denied.data?.node, null);
  },
);

test.serial('recordings are found by contact, number, agent and date', async (t) => {
  t.deepEqual(names(await recordings(org.tokens.qa, { contactId: org.ids.contactA })), [
    'call-1700000000.1',
    'call-1700000000.2',
  ]);
  t.deepEqual(names(await recordings(org.tokens.qa, { number: '+33 1 42 86 82 00' })), [
    'call-1700000000.1',
    'call-1700000000.2',
  ]);
  t.deepEqual(names(await recordings(org.tokens.qa, { number: '+33999999999' })), []);
  t.deepEqual(names(await recordings(org.tokens.qa, { agentId: org.ids.agentA2 })), [
    'call-1700000000.2',
  ]);
  const t0 = api.clock.now();
  t.deepEqual(
    names(await recordings(org.tokens.qa, { from: new Date(t0 + 3600_000).toISOString() })),
    [],
  );
  t.is((await recordings(org.tokens.qa, { to: new Date(t0 + 3600_000).toISOString() })).length, 2);
  const other = await api.gql(
    RECORDINGS,
    { filter: { contactId: org.ids.contactB } },
    org.tokens.qa,
  );
  t.is(other.errors?.[0]?.extensions?.code, 'NOT_FOUND', "another line's contact reads as missing");
});

test.serial(
  'a recording plays over HTTP with byte ranges, by signed link or bearer token',
  async (t) => {
    const [node] = await recordings(org.tokens.agent);
    const url = `${base}${node!.playUrl}`;
    const whole = await fetch(url);
    t.is(whole.status, 200);
    t.is(whole.headers.get('accept-ranges'), 'bytes');
    t.is(whole.headers.get('content-type'), 'audio/wav');
    t.regex(whole.headers.get('content-disposition') ?? '', /^inline/);
    t.deepEqual(Buffer.from(await whole.arrayBuffer()), bytes);

    const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
    t.is(part.status, 206);
    t.is(part.headers.get('content-range'), 'bytes 100-199/1000');
    t.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(100, 200));
    const tail = await fetch(url, { headers: { range: 'bytes=-10' } });
    t.deepEqual(Buffer.from(await tail.arrayBuffer()), bytes.subarray(990));
    const beyond = await fetch(url, { headers: { range: 'bytes=5000-' } });
    t.is(beyond.status, 416);
    t.is(beyond.headers.get('content-range'), 'bytes */1000');

    const download = await fetch(`${base}${node!.downloadUrl}`);
    t.regex(
      download.headers.get('content-disposition') ?? '',
      /^attachment; filename="call-1700000000.1.wav"/,
    );
    await download.arrayBuffer();

    const bearer = await fetch(`${base}/recordings/${recordingIds.a1}/audio`, {
      headers: { authorization: `Bearer ${org.tokens.agent}`, range: 'bytes=0-0' },
    });
    t.is(bearer.status, 206);
    t.is((await bearer.arrayBuffer()).byteLength, 1);
  },
);

test.serial(
  'recordings stay private: no token, a forged link or another agent’s call is refused',
  async (t) => {
    t.is((await fetch(`${base}/recordings/${recordingIds.a1}/audio`)).status, 401);
    const [node] = await recordings(org.tokens.agent);
    const forged = `${base}${node!.playUrl.replace(/sig=[^&]+/, 'sig=AAAA')}`;
    t.is((await fetch(forged)).status, 401);
    const moved = `${base}${node!.playUrl.replace(/\/recordings\/[^/]+\//, `/recordings/${recordingIds.a2}/`)}`;
    t.is((await fetch(moved)).status, 401, 'a link signs its path');
    const other = await fetch(`${base}/recordings/${recordingIds.a2}/audio`, {
      headers: { authorization: `Bearer ${org.tokens.agent}` },
    });
    t.is(other.status, 404);
    const lineB = await fetch(`${base}/recordings/${recordingIds.b1}/audio`, {
      headers: { authorization: `Bearer ${org.tokens.supervisor}` },
    });
    t.is(lineB.status, 404);
  },
);

test.serial('a KPI report, its CSV export, and the call records export', async (t) => {
  const t0 = api.clock.now();
  const result = await api.gql(
    `query($p: ReportPeriod!) { report(period: $p, dimension: QUEUE, groupBy: TOTAL) {
      rows { queue { name } offered answered abandoned asaS serviceLevel attS }
      exportUrl } }`,
    {
      p: { from: new Date(t0 - 3600_000).toISOString(), to: new Date(t0 + 3600_000).toISOString() },
    },
    org.tokens.qa,
  );
  t.falsy(result.errors);
  const report = result.data?.report as { rows: unknown[]; exportUrl: string };
  t.deepEqual(report.rows, [
    {
      queue: { name: 'Queue A' },
      offered: 2,
      answered: 2,
      abandoned: 0,
      asaS: 5,
      serviceLevel: 1,
      attS: 55,
    },
  ]);
  const csv = await (await fetch(`${base}${report.exportUrl}`)).text();
  const lines = csv.trim().split('\r\n');
  t.is(lines.length, 2);
  t.regex(lines[0]!, /^period,queue,calls,offered,answered,abandoned,/);
  t.regex(lines[1]!, new RegExp(`,${org.ids.queueA.replace(/[=+/]/g, '\\$&')},2,2,2,0,`));

  const calls = await fetch(`${base}/exports/calls.csv`, {
    headers: { authorization: `Bearer ${org.tokens.agent}` },
  });
  t.is(calls.status, 200);
  t.is(calls.headers.get('content-type'), 'text/csv; charset=utf-8');
  const rows = (await calls.text()).trim().split('\r\n');
  t.is(rows.length, 2, 'the agent exports only its own call');
  t.true(rows[1]!.startsWith(`${org.ids.callA1},1700000000.1,inbound,+33142868200,`));
  const refused = await api.gql(
    '{ report(period: {from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z"}) { rows { calls } } }',
    {},
    org.tokens.agent,
  );
  t.is(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN');
});

test.serial("the wallboard and an agent's own figures of today", async (t) => {
  const board = await api.gql(
    '{ liveSnapshot { callsWaiting agentsByStatus { status count } queues { queue { name } waiting answeredToday serviceLevelToday } } }',
    {},
    org.tokens.supervisor,
  );
  t.falsy(board.errors);
  t.like(board.data?.liveSnapshot, {
    callsWaiting: 0,
    queues: [{ queue: { name: 'Queue A' }, waiting: 0, answeredToday: 2, serviceLevelToday: 1 }],
  });
  const mine = await api.gql(
    '{ myFiguresToday { callsIn answered talkS ahtS } }',
    {},
    org.tokens.agent,
  );
  t.deepEqual(mine.data?.myFiguresToday, { callsIn: 1, answered: 1, talkS: 55, ahtS: 55 });
  const other = await api.gql(
    'query($a: ID) { myFiguresToday(agentId: $a) { answered } }',
    { a: org.ids.agentA2 },
    org.tokens.agent,
  );
  t.is(other.errors?.[0]?.extensions?.code, 'NOT_FOUND');
});

test.serial(
  'an admin deletes a recording: the file goes, the index keeps a deleted row',
  async (t) => {
    const r = await api.gql(
      'mutation($id: ID!) { deleteRecording(id: $id) { __typename ... on MutationDeleteRecordingSuccess { data } } }',
      { id: recordingIds.b1 },
      org.tokens.admin,
    );
    t.like(r.data?.deleteRecording, {
      __typename: 'MutationDeleteRecordingSuccess',
      data: recordingIds.b1,
    });
    const gone = await fetch(`${base}/recordings/${recordingIds.b1}/audio`, {
      headers: { authorization: `Bearer ${org.tokens.admin}` },
    });
    t.is(gone.status, 404);
    t.deepEqual(names(await recordings(org.tokens.admin)), [
      'call-1700000000.1',
      'call-1700000000.2',
    ]);
  },
);

test.serial(
  'calls are filtered by number, direction and disposition, with their details',
  async (t) => {
    const q = `query($f: CallFilter) { calls(filter: $f) { edges { node { id source transfers cost callbackRequested } } } }`;
    const ids = async (f: Record<string, unknown>) => {
      const r = await api.gql(q, { f }, org.tokens.qa);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return (r.data?.calls as { edges: Array<{ node: { id: string } }> }).edges
        .map((e) => e.node.id)
        .sort();
    };
    const lineA = [org.ids.callA1, org.ids.callA2].sort();
    t.deepEqual(await ids({ number: '+33 1 42 86 82 00', direction: 'INBOUND' }), lineA);
    t.deepEqual(await ids({ number: '+33100000000' }), lineA, 'the dialled number matches too');
    t.deepEqual(await ids({ direction: 'OUTBOUND' }), []);
    t.deepEqual(await ids({ disposition: 'sale' }), []);
    const r = await api.gql(q, { f: { number: '+33142868200' } }, org.tokens.agent);
    t.deepEqual(
      (r.data?.calls as { edges: Array<{ node: unknown }> }).edges.map((e) => e.node),
      [{ id: org.ids.callA1, source: 'APP', transfers: 0, cost: null, callbackRequested: false }],
    );
  },
);
