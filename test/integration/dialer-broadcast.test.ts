/**
 * Voice-broadcast campaigns (DIAL-6) through the PBX simulator and
 * GraphQL: answered humans hear the message; one presses 1 and is handed
 * into the Sales queue, where the ACD bridges it to the queue's agent;
 * another presses 2, kept on the attempt as its answer; a machine gets
 * the message on a campaign that leaves one and a hang-up on one that
 * does not. No agent paces the calls: at most `maxLines` are on the line.
 * Every wait is on a dialer or ACD event.
 */
import test from 'ava';
import type { DialerCallEvent } from '../../src/app/dialer/engine.ts';
import { recordsByName, runningCampaign, startCampaign } from './dialer-gql.ts';
import { type DialerUnderTest, startDialer } from './dialer-harness.ts';

let d: DialerUnderTest;
test.before(async () => {
  d = await startDialer({ agents: 1, phone: { answerAfterS: 0.1 } });
  d.sim.control.setCallees([
    {
      pattern: '[12]0$',
      kind: 'human',
      answerAfterS: { kind: 'fixed', value: 0.1 },
      // Humans stay on the line until the test acts: keys end them, or a hang-up.
      talkS: { kind: 'fixed', value: 60 },
    },
    { pattern: '[12]1$', kind: 'machine', answerAfterS: { kind: 'fixed', value: 0.1 } },
    { pattern: '.*', kind: 'invalid' },
  ]);
  const r = await d.runtime.agentAction(d.agents[0]!, { type: 'login' });
  if (!r.ok) throw new Error(`login: ${JSON.stringify(r)}`);
});
test.after.always(async () => {
  await d?.close();
});

const callOf = (campaignId: string, recordId: number | undefined, type = 'dialled') =>
  d.events.find((e) => e.campaignId === campaignId && e.recordId === recordId && e.type === type)
    ?.callId;

/** Most calls of a campaign on the line at once, from its dialled and ended events. */
function mostLines(events: readonly DialerCallEvent[], campaignId: string): number {
  let lines = 0;
  let most = 0;
  for (const e of events.filter((x) => x.campaignId === campaignId)) {
    if (e.type === 'dialled') lines += 1;
    if (e.type === 'ended') lines -= 1;
    most = Math.max(most, lines);
  }
  return most;
}

test('a broadcast plays its message, keeps answers, hands callees to the queue and treats machines per setting', async (t) => {
  const message = ['sound:payment-reminder', 'sound:press-1-for-an-agent'];
  const leaving = await runningCampaign(d, 'Payment reminder', {
    settings: {
      mode: 'broadcast',
      maxLines: 2,
      machineAction: 'message',
      broadcast: {
        message,
        agentKey: '1',
        queueId: d.gid('Queue', d.queueId),
        answerKeys: ['2', '3'],
        keyWaitS: 10,
      },
    },
    rows: [
      ['Wants an agent', '0612340010'],
      ['Answers two', '0612340020'],
      ['Machine left a message', '0612340011'],
    ],
  });
  const hangingUp = await runningCampaign(d, 'Notice', {
    settings: {
      mode: 'broadcast',
      maxLines: 1,
      machineAction: 'hangup',
      broadcast: { message, agentKey: null, answerKeys: ['1'] },
    },
    rows: [['Machine hung up', '0612340021']],
  });
  // The queue is shown as the Global ID it was given as.
  const shown = await d.gql('query($id: ID!) { dialerCampaign(id: $id) { settings } }', {
    id: leaving.gid,
  });
  t.like((shown.data?.dialerCampaign as { settings: unknown }).settings, {
    mode: 'broadcast',
    broadcast: { queueId: d.gid('Queue', d.queueId), agentKey: '1' },
  });
  // Started without any agent assigned: a broadcast needs none.
  t.is(await startCampaign(d, leaving.gid), 'running');
  t.is(await startCampaign(d, hangingUp.gid), 'running');
  const ids = new Map([
    ...(await recordsByName(d, leaving.id)),
    ...(await recordsByName(d, hangingUp.id)),
  ]);

  // Both humans (the first two records) hear the message on the two lines.
  await d.until('the message playing to both humans', () =>
    ['Wants an agent', 'Answers two'].every((n) => callOf(leaving.id, ids.get(n), 'message')),
  );
  const toAgent = callOf(leaving.id, ids.get('Wants an agent'))!;
  const answering = callOf(leaving.id, ids.get('Answers two'))!;
  // A key outside the campaign's keys changes nothing; 2 is the answer.
  t.true(d.sim.control.pressDigits(answering, '9'));
  t.true(d.sim.control.pressDigits(answering, '2'));
  t.true(d.sim.control.pressDigits(toAgent, '1'));

  await d.until('the callee bridged to the queue agent', () =>
    d.acdEvents.some((e) => e.type === 'call-bridged' && e.callId === toAgent),
  );
  const bridged = d.acdEvents.find((e) => e.type === 'call-bridged' && e.callId === toAgent);
  t.like(bridged, { agentId: d.agents[0] });
  t.true(d.events.some((e) => e.type === 'transferred' && e.callId === toAgent));

  const machineLeft = () => callOf(leaving.id, ids.get('Machine left a message'), 'ended');
  const machineHungUp = () => callOf(hangingUp.id, ids.get('Machine hung up'), 'ended');
  await d.until('the answer and both machines ended', () =>
    [callOf(leaving.id, ids.get('Answers two'), 'ended'), machineLeft(), machineHungUp()].every(
      (c) => c !== undefined,
    ),
  );
  // The customer talking to the agent hangs up: the hand-off's attempt ends.
  t.true(d.sim.control.remoteHangup(toAgent));
  await d.until('the handed-off call ended', () =>
    d.events.some((e) => e.type === 'ended' && e.callId === toAgent),
  );
  await d.until('the ACD closed the handed-off call', () =>
    d.acdEvents.some((e) => e.type === 'call-closed' && e.callId === toAgent),
  );

  const attempts = new Map(
    [
      ...(await d.dialer.attempts.ofCampaign(leaving.id, { offset: 0, limit: 10 })),
      ...(await d.dialer.attempts.ofCampaign(hangingUp.id, { offset: 0, limit: 10 })),
    ].map((a) => [a.recordId, a]),
  );
  t.like(attempts.get(ids.get('Wants an agent')!), {
    outcome: 'transferred',
    dtmf: '1',
    amd: 'HUMAN',
  });
  t.like(attempts.get(ids.get('Answers two')!), { outcome: 'delivered', dtmf: '2', amd: 'HUMAN' });
  t.like(attempts.get(ids.get('Machine left a message')!), {
    outcome: 'message-left',
    amd: 'MACHINE',
    dtmf: null,
  });
  t.like(attempts.get(ids.get('Machine hung up')!), {
    outcome: 'machine',
    amd: 'MACHINE',
    dtmf: null,
  });
  // The message was played to the machine of the leaving campaign, never to the other.
  const plays = d.sim.control
    .requests()
    .filter((r) => r.method === 'POST' && /\/play/.test(r.url))
    .map((r) => r.url);
  t.true(plays.some((u) => u.includes(callOf(leaving.id, ids.get('Machine left a message'))!)));
  t.false(plays.some((u) => u.includes(callOf(hangingUp.id, ids.get('Machine hung up'))!)));

  // The ACD wrote the handed-off call with its queue and agent.
  const record = await d.store.calls.getByLinkedId(toAgent);
  t.like(record, { queueId: d.queueId, agentId: d.agents[0] });

  // Pacing by lines: never more than two calls of the first campaign at once.
  t.is(mostLines(d.events, leaving.id), 2);
  t.is(mostLines(d.events, hangingUp.id), 1);

  // Reached contacts are done; the hung-up machine is tried again later.
  const status = async (name: string) => (await d.dialer.records.get(ids.get(name)!))?.status;
  t.is(await status('Wants an agent'), 'completed');
  t.is(await status('Answers two'), 'completed');
  t.is(await status('Machine left a message'), 'completed');
  t.is(await status('Machine hung up'), 'scheduled');

  // The outcomes are visible through GraphQL.
  const outcomes = await d.gql('query($id: ID!) { dialerCampaign(id: $id) { outcomesToday } }', {
    id: leaving.gid,
  });
  t.like((outcomes.data?.dialerCampaign as { outcomesToday: unknown }).outcomesToday, {
    transferred: 1,
    delivered: 1,
    'message-left': 1,
  });
});

test('a broadcast whose agent key has no queue is refused at start', async (t) => {
  const c = await runningCampaign(d, 'No queue', {
    settings: { mode: 'broadcast', broadcast: { agentKey: '1', queueId: null } },
    rows: [['Nobody', '0612340099']],
  });
  const r = await d.gql(
    `mutation($id: ID!) { startCampaign(id: $id) {
      ... on MutationStartCampaignSuccess { data { status } } ... on Problem { code message details } } }`,
    { id: c.gid },
  );
  t.like(r.data?.startCampaign, {
    code: 'CONFLICT',
    details: { reason: 'BROADCAST_SETTINGS' },
  });
});
