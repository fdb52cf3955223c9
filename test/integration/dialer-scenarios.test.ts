/**
 * Dialer scenarios through the PBX simulator and GraphQL (DIAL-1, 3, 4, 5,
 * 7): a predictive campaign with ten agents dials a 1,000-record list;
 * answering machines and busy numbers never reach an agent, retries are
 * scheduled by the outcome's rule, the abandon rate stays under the
 * target, and the screen pops on the agents' live feed carry the script
 * and masked numbers. A progressive campaign passes the same checks on a
 * short list, and a preview campaign is worked by an agent through
 * GraphQL: reserve the next record, see it, skip one, dial another.
 *
 * The list's numbers behave by their last digit (simulator callee rules):
 * 0 a human, 1 an answering machine, 2 and 3 busy, others invalid. Talk
 * times are short so the whole file runs in well under a minute. Every
 * wait is on an event; its time limit only names what never came.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import test, { type ExecutionContext } from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createHttpServer, type HttpServer } from '../../src/api/server.ts';
import type { Attempt } from '../../src/app/dialer/ports.ts';
import { DEFAULT_CAMPAIGN_SETTINGS, maskNumber } from '../../src/domain/dialer/campaign.ts';
import type { GqlResult } from '../helpers/api.ts';
import { type LiveReader, subscribeSse } from '../helpers/live-clients.ts';
import { type DialerUnderTest, startDialer } from './dialer-harness.ts';

const AGENTS = 10;
const SCRIPT = 'Bonjour, ici callwright. Vous avez demandé un devis ?';
const ALWAYS = {
  start: '00:00',
  end: '23:59',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  skipHolidays: false,
};
const RETRY = DEFAULT_CAMPAIGN_SETTINGS.retry;

let d: DialerUnderTest;
let server: HttpServer;
let url = '';
test.before(async () => {
  d = await startDialer({ agents: AGENTS, phone: { answerAfterS: 0.1 } });
  d.sim.control.setCallees([
    {
      pattern: '0$',
      kind: 'human',
      answerAfterS: { kind: 'fixed', value: 0.1 },
      // Long enough for AMD (1.8 s in the simulator), the agent's ring and a short talk.
      talkS: { kind: 'fixed', value: 3 },
    },
    { pattern: '1$', kind: 'machine', answerAfterS: { kind: 'fixed', value: 0.1 } },
    { pattern: '[23]$', kind: 'busy' },
    { pattern: '.*', kind: 'invalid' },
  ]);
  server = createHttpServer({
    services: d.services,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    readiness: [],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (const agentId of d.agents) {
    const r = await d.runtime.agentAction(agentId, { type: 'login' });
    if (!r.ok) throw new Error(`login of ${agentId}: ${JSON.stringify(r)}`);
  }
});
test.after.always(async () => {
  await server?.shutdown();
  await d?.close();
});

function data<T>(r: GqlResult, field: string): T {
  const value = r.data?.[field] as { data?: T } | undefined;
  if (value?.data === undefined) throw new Error(`no ${field} data in ${JSON.stringify(r)}`);
  return value.data;
}

/** National number of row `i`: its last digit is `i`'s, which picks the callee's behaviour. */
const national = (i: number) => `06${String(10_000_000 + i).slice(-8)}`;
const kindOf = (e164: string) => {
  const last = e164.at(-1)!;
  if (last === '0') return 'human';
  if (last === '1') return 'machine';
  return last === '2' || last === '3' ? 'busy' : 'invalid';
};

/** A campaign with a list imported through GraphQL; returns its (global and raw) ids. */
async function campaignWithList(
  name: string,
  agentIds: readonly string[],
  settings: Record<string, unknown>,
  rows: number,
) {
  const created = data<{ id: string }>(
    await d.gql(
      `mutation($input: CampaignInput!) { createCampaign(input: $input) {
        ... on MutationCreateCampaignSuccess { data { id } } ... on Problem { code message } } }`,
      {
        input: {
          businessLineId: d.gid('BusinessLine', d.lineId),
          name,
          agentIds: agentIds.map((id) => d.gid('Agent', id)),
          settings: { window: ALWAYS, maskNumbers: true, script: SCRIPT, wrapUpS: 0, ...settings },
        },
      },
    ),
    'createCampaign',
  );
  const list = data<{ id: string }>(
    await d.gql(
      `mutation($c: ID!) { createCallList(campaignId: $c, name: "List") {
        ... on MutationCreateCallListSuccess { data { id } } ... on Problem { code message } } }`,
      { c: created.id },
    ),
    'createCallList',
  );
  const csv = ['id,name,phone,city'];
  for (let i = 0; i < rows; i += 1) csv.push(`${i},Customer ${i},${national(i)},Lyon`);
  const started = data<{ id: string }>(
    await d.gql(
      `mutation($l: ID!, $csv: String, $m: ListColumnMapping!) {
        importCallList(listId: $l, csv: $csv, mapping: $m) {
          ... on MutationImportCallListSuccess { data { id } } ... on Problem { code message } } }`,
      { l: list.id, csv: csv.join('\n'), m: { name: 'name', phones: ['phone'], externalId: 'id' } },
    ),
    'importCallList',
  );
  const admin = (await d.services.auth.authenticate(d.adminKey, null))!;
  const imported = await d.services.dialer.importSettled(
    admin as never,
    decodeGlobalID(started.id).id,
  );
  if (imported.imported !== rows) throw new Error(`import: ${JSON.stringify(imported)}`);
  return { gid: created.id, id: decodeGlobalID(created.id).id };
}

async function startCampaign(gid: string) {
  const r = await d.gql(
    `mutation($id: ID!) { startCampaign(id: $id) {
      ... on MutationStartCampaignSuccess { data { status } } ... on Problem { code message } } }`,
    { id: gid },
  );
  return data<{ status: string }>(r, 'startCampaign').status;
}

async function stopCampaign(gid: string) {
  await d.gql(
    `mutation($id: ID!) { stopCampaign(id: $id) {
      ... on MutationStopCampaignSuccess { data { status } } ... on Problem { code message } } }`,
    { id: gid },
  );
}

const ended = (campaignId: string) =>
  d.events.filter((e) => e.type === 'ended' && e.campaignId === campaignId).length;

async function attemptsOf(campaignId: string): Promise<Attempt[]> {
  return d.dialer.attempts.ofCampaign(campaignId, { offset: 0, limit: 100_000 });
}

const OUTBOUND_POPS = `subscription($agentId: ID) {
  agentEvents(agentId: $agentId) {
    __typename
    ... on OutboundPop { callId campaignName script number name dispositions }
  }
}`;

interface Pop {
  callId: string;
  campaignName: string;
  script: string;
  number: string;
  name: string;
}

/** Reads `count` outbound pops of a feed. */
async function popsOf(feed: LiveReader, count: number): Promise<Pop[]> {
  const pops: Pop[] = [];
  while (pops.length < count) {
    const r = await feed.until('an outbound pop', (x) => {
      return (x.data?.agentEvents as { __typename?: string })?.__typename === 'OutboundPop';
    });
    pops.push(r.data?.agentEvents as Pop);
  }
  return pops;
}

/**
 * What every scenario checks once each record had its first attempt:
 * machines and busy numbers never reached an agent, humans did (or were
 * abandoned, within the target), retries are due by the outcome's rule.
 */
async function checkOutcomes(t: ExecutionContext, campaignId: string) {
  const attempts = await attemptsOf(campaignId);
  const connected = new Set(
    d.events
      .filter((e) => e.type === 'connected' && e.campaignId === campaignId)
      .map((e) => e.callId),
  );
  for (const a of attempts) {
    const kind = kindOf(a.e164);
    if (kind === 'machine' || kind === 'busy' || kind === 'invalid') {
      t.is(a.connectedAt, null, `${a.e164} (${kind}) reached an agent`);
      t.is(a.agentId, null, `${a.e164} (${kind}) held an agent`);
      t.false(connected.has(a.channelId));
      t.is(a.outcome, kind === 'machine' ? 'machine' : kind, a.e164);
    } else {
      t.true(a.outcome === 'connected' || a.outcome === 'abandoned', `${a.e164}: ${a.outcome}`);
      if (a.outcome === 'connected') {
        t.true(d.agents.includes(a.agentId ?? ''), `${a.e164} talked to ${a.agentId}`);
        t.true(connected.has(a.channelId));
      }
    }
  }
  // Retries: due again after the outcome's delay, counted from the attempt's end.
  for (const a of attempts.filter((x) => x.outcome === 'busy' || x.outcome === 'machine')) {
    const r = (await d.dialer.records.get(a.recordId))!;
    const delayS = a.outcome === 'busy' ? RETRY.busyS! : RETRY.machineS!;
    t.is(r.status, 'scheduled', a.e164);
    t.is(r.nextAt, a.endedAt! + delayS * 1000, `${a.e164} after ${a.outcome}`);
  }
  for (const a of attempts.filter((x) => x.outcome === 'connected' || x.outcome === 'invalid')) {
    const r = (await d.dialer.records.get(a.recordId))!;
    t.is(r.status, a.outcome === 'connected' ? 'completed' : 'invalid', a.e164);
  }
  const humans = attempts.filter((a) => kindOf(a.e164) === 'human');
  const abandoned = humans.filter((a) => a.outcome === 'abandoned').length;
  return { attempts, humans: humans.length, abandoned };
}

test.serial('a predictive campaign with ten agents dials a 1,000-record list', async (t) => {
  // About half a minute on a quiet machine; more when the cores are shared. Stalls fail sooner.
  t.timeout(180_000);
  const c = await campaignWithList(
    'Predictive',
    d.agents,
    { mode: 'predictive', maxLines: 100 },
    1000,
  );
  const feed = await subscribeSse(url, OUTBOUND_POPS, {}, d.tokens[0]);
  t.teardown(() => feed.close());
  t.is(await startCampaign(c.gid), 'running');
  await d.until('1,000 calls ended', () => ended(c.id) >= 1000);
  await stopCampaign(c.gid);
  const { attempts, humans, abandoned } = await checkOutcomes(t, c.id);
  t.is(attempts.length, 1000);
  t.is(new Set(attempts.map((a) => a.recordId)).size, 1000, 'each record dialled once');
  t.is(humans, 100);
  const abandonPct = (100 * abandoned) / humans;
  t.true(abandonPct <= DEFAULT_CAMPAIGN_SETTINGS.abandonTargetPct, `abandon rate ${abandonPct}%`);
  t.log(`abandoned ${abandoned} of ${humans} humans`);

  // The first agent's screen pops: the script and a masked number, one per call it was rung for.
  const mine = attempts.filter((a) => a.agentId === d.agents[0] && a.outcome === 'connected');
  t.true(mine.length > 0, 'the first agent talked to someone');
  const pops = await popsOf(feed, mine.length);
  const byChannel = new Map(attempts.map((a) => [a.channelId, a]));
  for (const pop of pops) {
    const a = byChannel.get(pop.callId);
    t.truthy(a, `pop for an unknown call ${pop.callId}`);
    t.like(pop, {
      campaignName: 'Predictive',
      script: SCRIPT,
      number: maskNumber(a!.e164, true),
      name: `Customer ${Number(a!.e164.slice(-3))}`,
    });
    t.regex(pop.number, /^\*+\d\d$/);
  }
});

test.serial('a progressive campaign passes the same scenario', async (t) => {
  const team = d.agents.slice(0, 5);
  const c = await campaignWithList('Progressive', team, { mode: 'progressive' }, 20);
  const feed = await subscribeSse(url, OUTBOUND_POPS, {}, d.tokens[0]);
  t.teardown(() => feed.close());
  t.is(await startCampaign(c.gid), 'running');
  await d.until('20 calls ended', () => ended(c.id) >= 20);
  await stopCampaign(c.gid);
  const { attempts, humans, abandoned } = await checkOutcomes(t, c.id);
  t.is(attempts.length, 20);
  t.is(humans, 2);
  // Progressive reserves the agent before dialling: nobody is ever abandoned.
  t.is(abandoned, 0);
  t.true(attempts.every((a) => a.agentId === null || team.includes(a.agentId)));
  const mine = attempts.filter((a) => a.agentId === d.agents[0] && a.outcome === 'connected');
  for (const pop of await popsOf(feed, mine.length)) {
    t.is(pop.script, SCRIPT);
    t.regex(pop.number, /^\*+\d\d$/);
  }
});

test.serial(
  'a preview campaign: the agent reserves, sees, skips and dials through GraphQL',
  async (t) => {
    const agentId = d.agents[1]!;
    const token = d.tokens[1]!;
    // Rows 0..2: a human, a machine, a busy number (kinds by last digit).
    const c = await campaignWithList('Preview', [agentId], { mode: 'preview' }, 3);
    t.is(await startCampaign(c.gid), 'running');
    const next = async () =>
      (
        await d.gql(
          `query($c: ID!) { previewNext(campaignId: $c) {
          script campaign { name } record { id name shownNumbers: numbers status } } }`,
          { c: c.gid },
          token,
        )
      ).data?.previewNext as {
        script: string;
        record: { id: string; name: string; shownNumbers: string[]; status: string };
      };
    const first = await next();
    t.like(first, { script: SCRIPT, record: { name: 'Customer 0', status: 'reserved' } });
    t.deepEqual(first.record.shownNumbers, [maskNumber(`+33${national(0).slice(1)}`, true)]);
    // Asked again, the same record stays reserved for the agent.
    t.is((await next()).record.id, first.record.id);

    // Skip the human for now: it comes back after the no-answer delay.
    const before = Date.now();
    const skipped = await d.gql(
      `mutation($r: ID!) { previewSkip(recordId: $r) {
      ... on MutationPreviewSkipSuccess { data } ... on Problem { code message } } }`,
      { r: first.record.id },
      token,
    );
    t.is(data<boolean>(skipped, 'previewSkip'), true);
    const after = Date.now();
    const skippedRecord = (await d.dialer.records.get(Number(decodeGlobalID(first.record.id).id)))!;
    t.is(skippedRecord.status, 'scheduled');
    t.true(skippedRecord.nextAt >= before + RETRY.noAnswerS! * 1000);
    t.true(skippedRecord.nextAt <= after + RETRY.noAnswerS! * 1000);

    // The next record is the machine: dialled, it never rings the agent.
    const second = await next();
    t.is(second.record.name, 'Customer 1');
    const feed = await subscribeSse(url, OUTBOUND_POPS, {}, token);
    t.teardown(() => feed.close());
    const dial = async (recordId: string) =>
      data<string>(
        await d.gql(
          `mutation($r: ID!) { previewDial(recordId: $r) {
          ... on MutationPreviewDialSuccess { data } ... on Problem { code message } } }`,
          { r: recordId },
          token,
        ),
        'previewDial',
      );
    const machineCall = await dial(second.record.id);
    await d.until('the machine call ended', () =>
      d.events.some((e) => e.type === 'ended' && e.callId === machineCall),
    );
    const machine = (await attemptsOf(c.id)).find((a) => a.channelId === machineCall)!;
    t.like(machine, { outcome: 'machine', agentId: null, connectedAt: null });

    // Then a busy number, then (once the skip is due) the human is the agent's again.
    const third = await next();
    t.is(third.record.name, 'Customer 2');
    const busyCall = await dial(third.record.id);
    await d.until('the busy call ended', () =>
      d.events.some((e) => e.type === 'ended' && e.callId === busyCall),
    );
    const busy = (await attemptsOf(c.id)).find((a) => a.channelId === busyCall)!;
    t.like(busy, { outcome: 'busy', connectedAt: null });
    const busyRecord = (await d.dialer.records.get(busy.recordId))!;
    t.is(busyRecord.nextAt, busy.endedAt! + RETRY.busyS! * 1000);

    // Make the skipped human due now and dial it: it reaches the agent with the pop.
    await d.dialer.records.save(skippedRecord.id, { nextAt: Date.now() - 1 });
    const fourth = await next();
    t.is(fourth.record.name, 'Customer 0');
    const humanCall = await dial(fourth.record.id);
    await d.until('the human connected', () =>
      d.events.some((e) => e.type === 'connected' && e.callId === humanCall),
    );
    // The agent was rung (and popped) for the machine too while AMD listened, then released.
    const pop = (
      await feed.until(
        'the pop of the human call',
        (x) => (x.data?.agentEvents as { callId?: string })?.callId === humanCall,
      )
    ).data?.agentEvents as Pop;
    t.like(pop, {
      callId: humanCall,
      campaignName: 'Preview',
      script: SCRIPT,
      number: maskNumber(`+33${national(0).slice(1)}`, true),
      name: 'Customer 0',
    });
    const current = await d.gql(
      '{ outboundCall { callId script number connected record { name } } }',
      {},
      token,
    );
    t.like(current.data?.outboundCall, {
      callId: humanCall,
      script: SCRIPT,
      number: maskNumber(`+33${national(0).slice(1)}`, true),
      record: { name: 'Customer 0' },
    });
    await d.until('the human call ended', () =>
      d.events.some((e) => e.type === 'ended' && e.callId === humanCall),
    );
    const human = (await attemptsOf(c.id)).find((a) => a.channelId === humanCall)!;
    t.like(human, { outcome: 'connected', agentId });
    await stopCampaign(c.gid);
  },
);
