/**
 * The IVR's acceptance through the simulator (issue: IVR over FastAGI): a
 * call on an IVR number runs the shipped dialplan's AGI() into our FastAGI
 * server; the flow's actions travel as real AGI commands; the call reaches
 * a queue and an agent over ARI; at night it leaves a voicemail that is
 * listed and played through the API; a blocked number is rejected and a
 * VIP one is served first.
 */
import test from 'ava';
import type { IvrPathStep } from '../../src/domain/ivr/ivr.records.ts';
import { BLOCKED, type IvrUnderTest, NIGHT, OPEN_HOURS, startIvr, VIP } from './ivr-harness.ts';

const running: IvrUnderTest[] = [];
async function ivr(): Promise<IvrUnderTest> {
  const h = await startIvr();
  running.push(h);
  return h;
}
test.after.always(async () => {
  for (const h of running) await h.close();
});

type Step = Pick<IvrPathStep, 'nodeId' | 'event' | 'detail'>;
const events = (path: readonly Step[], nodeId: string) =>
  path
    .filter((s) => s.nodeId === nodeId)
    .map((s) => (s.detail === null ? s.event : `${s.event} ${s.detail}`));

async function readyAgent(h: IvrUnderTest): Promise<void> {
  for (const action of [{ type: 'login' }, { type: 'ready' }] as const) {
    const result = await h.acd.agentAction(h.agentId, action);
    if (!result.ok) throw new Error(`${action.type}: ${JSON.stringify(result.error)}`);
  }
}

test('a call runs three menu levels with invalid and timeout retries, hears its order status, and reaches an agent', async (t) => {
  const h = await ivr();
  h.setIvrTime(OPEN_HOURS);
  h.lookup.answers.set('123456', [200, '{"status":"shipped"}']);
  await readyAgent(h);
  const channelId = h.call('+33155555555', {
    l1: ['7', null, '1'],
    l2: ['1'],
    l3: ['1'],
    order: ['123456#'],
  });
  const { session, path } = await h.ended(channelId);
  t.like(session, {
    outcome: 'queue',
    firewall: 'pass',
    period: 'open',
    flowKey: 'support',
    flowVersion: 1,
    error: null,
  });
  t.deepEqual(events(path, 'l1'), ['enter', 'invalid 7', 'timeout', 'digits 1']);
  t.deepEqual(events(path, 'l2'), ['enter', 'digits 1']);
  t.deepEqual(events(path, 'l3'), ['enter', 'digits 1']);
  t.deepEqual(events(path, 'order'), ['enter', 'collected 6 digits']);
  t.deepEqual(events(path, 'lookup'), ['enter', 'lookup-ok 200']);
  t.deepEqual(events(path, 'q'), ['enter', 'exit to-queue']);
  t.deepEqual(h.lookup.hits, ['/orders/123456']);

  // The actions reached the PBX as AGI commands, retry prompts first.
  const agi = h.agiCommands(channelId);
  t.is(agi[0], 'ANSWER');
  t.true(agi.includes('GET DATA invalid&main-menu 5000 1'), agi.join('\n'));
  t.true(agi.includes('GET DATA no-input&main-menu 5000 1'), agi.join('\n'));
  t.true(agi.includes('GET DATA enter-order 5000 8'), agi.join('\n'));
  t.true(agi.includes('EXEC Flite "Order 123456 is shipped."'), agi.join('\n'));
  t.true(agi.includes('SET VARIABLE CW_NEXT "queue"'), agi.join('\n'));

  const bridged = await h.waitAcd(
    'the call bridged',
    (e) => e.type === 'call-bridged' && e.callId === channelId,
  );
  t.like(bridged, { agentId: h.agentId });
  // The call record shows the IVR's run.
  const record = await h.store.calls.getByLinkedId(channelId);
  t.like(record, {
    dnis: '8100',
    ivrPath: 'fw>hours>l1>l2>l3>order>lookup>say>q',
    agentId: h.agentId,
  });
  const calls = await h.gql(
    '{ calls { edges { node { linkedId dnis ivrSessions { outcome firewall period flowKey path { nodeId event } } } } } }',
  );
  const call = (
    calls.data?.calls as {
      edges: Array<{ node: { linkedId: string; dnis: string; ivrSessions: unknown[] } }>;
    }
  ).edges
    .map((e) => e.node)
    .find((c) => c.linkedId === channelId);
  t.is(call?.dnis, '8100');
  t.like(call?.ivrSessions[0], {
    outcome: 'QUEUE',
    firewall: 'PASS',
    period: 'OPEN',
    flowKey: 'support',
  });

  // The supervisor's statistics of the flow.
  const stats = await h.gql(
    '{ ivrFlows { edges { node { nodeStats { nodeId calls invalid timeouts digits { detail count } exits { detail count } } } } } }',
  );
  const nodes = (
    stats.data?.ivrFlows as { edges: Array<{ node: { nodeStats: Array<{ nodeId: string }> } }> }
  ).edges[0]?.node.nodeStats;
  t.like(
    nodes?.find((n) => n.nodeId === 'l1'),
    { calls: 1, invalid: 1, timeouts: 1, digits: [{ detail: '1', count: 1 }] },
  );
  t.like(
    nodes?.find((n) => n.nodeId === 'q'),
    { calls: 1, exits: [{ detail: 'to-queue', count: 1 }] },
  );
});

test('at night the same number takes a voicemail with a callback number, listed and played through the API', async (t) => {
  const h = await ivr();
  h.setIvrTime(NIGHT);
  const channelId = h.call('+33155555556', { vm: ['0611223344#'] });
  // The caller speaks 12 s once the recording starts, then presses # to finish.
  const stop = h.sim.core.bus.on((e) => {
    if (
      e.type === 'AgiExec' &&
      e.end === undefined &&
      e.channel.id === channelId &&
      e.command.startsWith('RECORD FILE')
    ) {
      stop();
      h.sim.core.scheduler.after(12_000, () => h.sim.control.pressDigits(channelId, '#'));
    }
  });
  const { session, path } = await h.ended(channelId);
  t.like(session, { outcome: 'hangup', period: 'rest', outcomeDetail: '16' });
  t.deepEqual(events(path, 'vm'), ['enter', 'recorded 12s', 'saved']);
  t.false(
    h.acdEvents.some((e) => 'callId' in e && e.callId === channelId),
    'never queued',
  );
  const agi = h.agiCommands(channelId);
  t.true(
    agi.some((l) =>
      /^RECORD FILE \/var\/spool\/asterisk\/recording\/cw-voicemail-[0-9a-f-]+ wav # 60000 0 BEEP s=5$/.test(
        l,
      ),
    ),
    agi.join('\n'),
  );

  const listed = await h.gql(
    '{ ivrVoicemails { edges { node { id callerNumber callbackNumber durationS status audioUrl mailbox { key } ivrSession { outcome } } } } }',
  );
  const [message] = (
    listed.data?.ivrVoicemails as { edges: Array<{ node: Record<string, unknown> }> }
  ).edges.map((e) => e.node);
  t.like(message, {
    callerNumber: '+33155555556',
    callbackNumber: '0611223344',
    durationS: 12,
    status: 'NEW',
    mailbox: { key: 'support' },
    ivrSession: { outcome: 'HANGUP' },
  });
  const auth = { authorization: `Bearer ${h.adminKey}` };
  const whole = await fetch(`${h.httpUrl}${message?.audioUrl}`, { headers: auth });
  t.is(whole.status, 200);
  t.is(whole.headers.get('content-type'), 'audio/wav');
  const bytes = Buffer.from(await whole.arrayBuffer());
  t.is(bytes.subarray(0, 4).toString('latin1'), 'RIFF');
  const part = await fetch(`${h.httpUrl}${message?.audioUrl}`, {
    headers: { ...auth, range: 'bytes=0-3' },
  });
  t.is(part.status, 206);
  t.is(part.headers.get('content-range'), `bytes 0-3/${bytes.length}`);
  t.is(Buffer.from(await part.arrayBuffer()).toString('latin1'), 'RIFF');
  const anonymous = await fetch(`${h.httpUrl}${message?.audioUrl}`);
  t.is(anonymous.status, 401);

  const handled = await h.gql(
    'mutation($id: ID!) { r: markIvrVoicemailHandled(id: $id) { __typename ... on MutationMarkIvrVoicemailHandledSuccess { data { status handledAt } } } }',
    { id: message?.id },
  );
  t.like(handled.data?.r, { data: { status: 'HANDLED' } });
});

test('a blocked number hears the rejection and is hung up; the entry counts the attempt', async (t) => {
  const h = await ivr();
  const channelId = h.call(BLOCKED);
  const { session, path } = await h.ended(channelId);
  t.like(session, { outcome: 'hangup', firewall: 'block', outcomeDetail: '21' });
  t.deepEqual(
    path.map((s) => s.nodeId),
    ['fw', 'fw', 'fw'],
  );
  const agi = h.agiCommands(channelId);
  t.deepEqual(agi.slice(-3), [
    'SET VARIABLE CW_NEXT "hangup"',
    'STREAM FILE blocked ""',
    'EXEC Hangup 21',
  ]);
  t.like(await h.store.calls.getByLinkedId(channelId), {
    ivrPath: 'fw',
    hangupBy: 'system',
    hangupCause: 21,
    queueId: null,
  });
  const entries = await h.gql(
    '{ ivrFirewallEntries(list: BLOCK) { edges { node { value attempts lastAttemptAt } } } }',
  );
  t.like((entries.data?.ivrFirewallEntries as { edges: Array<{ node: unknown }> }).edges[0]?.node, {
    value: BLOCKED,
    attempts: 1,
  });
});

test('a VIP caller arrives in the queue with VIP priority and is served before an earlier caller', async (t) => {
  const h = await ivr();
  // Logged in but paused: both callers wait.
  await h.acd.agentAction(h.agentId, { type: 'login' });
  const paused = await h.acd.agentAction(h.agentId, { type: 'pause', reason: 'briefing' });
  t.true(paused.ok, JSON.stringify(paused));
  const first = h.call('+33155555557', { l1: ['0'] });
  await h.waitAcd(
    'the first caller waiting',
    (e) => e.type === 'call-changed' && e.callId === first && e.to === 'waiting',
  );
  const vip = h.call(VIP, { l1: ['0'] });
  const { session } = await h.ended(vip);
  t.like(session, { outcome: 'queue', firewall: 'vip' });
  t.true(h.agiCommands(vip).includes('SET VARIABLE CW_PRIORITY "vip"'));
  await h.waitAcd(
    'the VIP caller waiting',
    (e) => e.type === 'call-changed' && e.callId === vip && e.to === 'waiting',
  );
  const ready = await h.acd.agentAction(h.agentId, { type: 'ready' });
  t.true(ready.ok, JSON.stringify(ready));
  const offer = await h.waitAcd('the first offer', (e) => e.type === 'offer-sent');
  t.like(offer, { callId: vip, agentId: h.agentId });
});
