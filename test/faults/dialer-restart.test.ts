/**
 * A restart (kill -9) in the middle of a progressive campaign: callwright
 * runs as its own process against the simulator and MariaDB, four agents
 * talk to four callees, and the process dies. Started again, it must take
 * the dialer's calls back from the PBX and the database: the conversations
 * go on, their records stay in progress (they are not dialled again), and
 * when a callee hangs up its attempt ends `connected`, its agent is free
 * again and the campaign dials on. In the end every dialled record has one
 * attempt, each ended once.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import {
  ADMIN_KEY,
  ok,
  openScenario,
  type Scenario,
  seedCallCenter,
  until,
} from '../helpers/call-center-scenario.ts';
import { type CallwrightProcess, startCallwrightProcess } from '../helpers/callwright-process.ts';

const AGENTS = 4;
const RECORDS = 12;

let scenario: Scenario | undefined;
const processes: CallwrightProcess[] = [];
test.after.always(async () => {
  for (const p of processes) await p.stop();
  await scenario?.close();
});

async function mutation<T>(
  cw: CallwrightProcess,
  field: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const data = ok(await cw.gql<Record<string, { data?: T }>>(ADMIN_KEY, query, variables), field);
  const value = data[field]?.data;
  if (value === undefined) throw new Error(`${field}: ${JSON.stringify(data)}`);
  return value;
}

/** Conversations of the dialer on the simulator: callee channel id -> agent leg id. */
function dialerConversations(s: Scenario): Map<string, string> {
  const channels = s.sim.control.channels();
  const out = new Map<string, string>();
  for (const bridge of s.sim.control.bridges()) {
    const id = String(bridge.id);
    if (!id.startsWith('cw-dialer-')) continue;
    const callee = id.slice('cw-dialer-'.length);
    const leg = channels.find((c) => c.bridge_id === id && c.id !== callee);
    if (leg !== undefined) out.set(callee, String(leg.id));
  }
  return out;
}

interface AttemptRow {
  record_id: number;
  channel_id: string;
  ended_at: Date | null;
  outcome: string | null;
}

test('a restart during a progressive campaign keeps its conversations and dials nobody twice', async (t) => {
  t.timeout(240_000);
  const s = await openScenario({ agents: AGENTS });
  scenario = s;
  // Every callee answers at once and talks until the test hangs up.
  s.sim.control.setCallees([
    {
      pattern: '.*',
      kind: 'human',
      answerAfterS: { kind: 'fixed', value: 0.2 },
      talkS: { kind: 'fixed', value: 3600 },
    },
  ]);
  const first = await startCallwrightProcess(s.env);
  processes.push(first);
  const { agents } = await seedCallCenter(first, { agents: AGENTS, paused: 0, did: '5004' });
  const [line] = await s.db('business_lines').select('id');
  const campaign = await mutation<{ id: string }>(
    first,
    'createCampaign',
    `mutation($input: CampaignInput!) { createCampaign(input: $input) {
      ... on MutationCreateCampaignSuccess { data { id } } ... on Problem { code message } } }`,
    {
      input: {
        businessLineId: encodeGlobalID('BusinessLine', String(line?.id)),
        name: 'Renewals',
        agentIds: agents.map((a) => a.id),
        settings: {
          mode: 'progressive',
          amd: false,
          wrapUpS: 0,
          window: {
            start: '00:00',
            end: '23:59',
            weekdays: [1, 2, 3, 4, 5, 6, 7],
            skipHolidays: false,
          },
        },
      },
    },
  );
  const list = await mutation<{ id: string }>(
    first,
    'createCallList',
    `mutation($c: ID!) { createCallList(campaignId: $c, name: "Renewals") {
      ... on MutationCreateCallListSuccess { data { id } } ... on Problem { code message } } }`,
    { c: campaign.id },
  );
  const rows = Array.from(
    { length: RECORDS },
    (_, i) => `Contact ${i},06123450${String(i).padStart(2, '0')}`,
  );
  await mutation(
    first,
    'importCallList',
    `mutation($l: ID!, $csv: String, $m: ListColumnMapping!) {
      importCallList(listId: $l, csv: $csv, mapping: $m) {
        ... on MutationImportCallListSuccess { data { id } } ... on Problem { code message } } }`,
    { l: list.id, csv: ['name,phone', ...rows].join('\n'), m: { name: 'name', phones: ['phone'] } },
  );
  await until('the list imported', async () => {
    const [n] = await s.db('dialer_records').count({ n: '*' });
    return Number(n?.n) === RECORDS;
  });
  await mutation(
    first,
    'startCampaign',
    `mutation($id: ID!) { startCampaign(id: $id) {
      ... on MutationStartCampaignSuccess { data { status } } ... on Problem { code message } } }`,
    { id: campaign.id },
  );
  await until('four conversations', () => dialerConversations(s).size === AGENTS);
  await until('their attempts written as connected', async () => {
    const [n] = await s.db('dialer_attempts').whereNotNull('connected_at').count({ n: '*' });
    return Number(n?.n) === AGENTS;
  });
  const before = dialerConversations(s);

  await first.kill();
  const second = await startCallwrightProcess(s.env);
  processes.push(second);
  const reconciled = await second.waitForLog(
    'dialer calls taken back',
    (l) => l.msg === 'dialer calls reconciled with the PBX',
    30_000,
  );
  t.is(reconciled.adopted, AGENTS, 'the four calls of the first run are taken back');
  t.is(reconciled.ended, 0);
  t.deepEqual(dialerConversations(s), before, 'the same conversations go on');
  const live: AttemptRow[] = await s
    .db('dialer_attempts')
    .whereIn('channel_id', [...before.keys()])
    .select('record_id', 'channel_id', 'ended_at', 'outcome');
  const statuses = await s
    .db('dialer_records')
    .whereIn(
      'id',
      live.map((a) => a.record_id),
    )
    .pluck('status');
  t.deepEqual(statuses, Array(AGENTS).fill('in-progress'), 'their records are not due again');

  // One callee hangs up: its attempt ends connected, its agent is free and dials on.
  const [callee] = [...before.keys()] as [string];
  s.sim.control.remoteHangup(callee);
  await until('the attempt ended', async () => {
    const row = await s.db('dialer_attempts').where({ channel_id: callee }).first('ended_at');
    return row?.ended_at != null;
  });
  const ended: AttemptRow = await s.db('dialer_attempts').where({ channel_id: callee }).first();
  t.is(ended.outcome, 'connected');
  await until('the freed agent talks to a new callee', () => {
    const now = dialerConversations(s);
    return now.size === AGENTS && !now.has(callee);
  });

  // Everyone hangs up; the campaign is stopped so no new call starts.
  await mutation(
    second,
    'stopCampaign',
    `mutation($id: ID!) { stopCampaign(id: $id) {
      ... on MutationStopCampaignSuccess { data { status } } ... on Problem { code message } } }`,
    { id: campaign.id },
  );
  for (const id of dialerConversations(s).keys()) s.sim.control.remoteHangup(id);
  await until('every attempt ended', async () => {
    const [open] = await s.db('dialer_attempts').whereNull('ended_at').count({ n: '*' });
    return Number(open?.n) === 0;
  });
  const attempts: AttemptRow[] = await s.db('dialer_attempts').select('record_id', 'outcome');
  const perRecord = new Map<number, number>();
  for (const a of attempts) perRecord.set(a.record_id, (perRecord.get(a.record_id) ?? 0) + 1);
  t.true(
    [...perRecord.values()].every((n) => n === 1),
    `one attempt per dialled record: ${JSON.stringify([...perRecord])}`,
  );
  t.true(attempts.every((a) => a.outcome === 'connected'));
});
