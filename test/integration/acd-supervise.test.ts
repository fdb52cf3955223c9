/**
 * Supervisor listen, whisper and barge (AGT-4) end to end: the
 * supervisor's phone rings, then a snoop channel on the agent's leg (with
 * the spy and whisper directions of the mode) is bridged with it; a new
 * mode swaps the snoop; the supervisor hanging up leaves the call as it
 * was. Rights: QA may only listen, agents may not.
 */
import test from 'ava';
import type { SnoopView } from '../../src/sim/control/control-api.ts';
import {
  bridged,
  bridgeGone,
  channelGone,
  connectCall,
  control,
  harnesses,
  recordOf,
  supervisor,
  tryControl,
  waitClosed,
  waitControl,
} from './in-call-helpers.ts';

const h = harnesses();
test.after.always(() => h.closeAll());

const snoopOf = (a: Awaited<ReturnType<typeof h.start>>, id: string) =>
  a.sim.control.channels().find((c) => c.id === id)?.snoop as SnoopView | undefined;

test('listen, then whisper, then barge: each a snoop with its directions, bridged with the supervisor', async (t) => {
  const a = await h.start();
  const boss = await supervisor(a);
  const call = await connectCall(a, 0);
  const mark = a.events.length;
  const listen = await control(a, `listenCall(callId: "${call.callId}")`, boss.token);
  const supLeg = listen.channelId!;
  const started = await waitControl(a, 'monitor', 'started', mark);
  const listenSnoop = started.channelId!;
  t.deepEqual(snoopOf(a, listenSnoop), { of: call.agentLeg, spy: 'both', whisper: 'none' });
  t.deepEqual(bridged(a)[`cw-mon-${supLeg}`], [supLeg, listenSnoop].sort());
  t.deepEqual(
    bridged(a)[`cw-call-${call.callId}`],
    [call.callId, call.agentLeg].sort(),
    'the call itself is untouched',
  );
  t.like(a.runtime.agentView(boss.agentId), { status: 'logged-out' });

  const whisperMark = a.events.length;
  await control(a, `whisperCall(callId: "${call.callId}")`, boss.token);
  const whispering = await waitControl(a, 'monitor', 'started', whisperMark);
  t.is(whispering.detail, 'whisper');
  t.deepEqual(snoopOf(a, whispering.channelId!), {
    of: call.agentLeg,
    spy: 'both',
    whisper: 'out',
  });
  await channelGone(a, listenSnoop);
  t.deepEqual(bridged(a)[`cw-mon-${supLeg}`], [supLeg, whispering.channelId!].sort());

  const bargeMark = a.events.length;
  await control(a, `bargeCall(callId: "${call.callId}")`, boss.token);
  const barging = await waitControl(a, 'monitor', 'started', bargeMark);
  t.deepEqual(snoopOf(a, barging.channelId!), { of: call.agentLeg, spy: 'both', whisper: 'both' });
  const snoops = a.sim.control
    .requests()
    .filter((r) => r.method === 'POST' && r.url.includes(`/channels/${call.agentLeg}/snoop`))
    .map((r) => new URL(r.url, 'http://sim').searchParams);
  t.deepEqual(
    snoops.map((p) => [p.get('spy'), p.get('whisper')]),
    [
      ['both', 'none'],
      ['both', 'out'],
      ['both', 'both'],
    ],
  );

  const end = a.events.length;
  a.sim.control.remoteHangup(supLeg);
  await waitControl(a, 'monitor', 'ended', end);
  await channelGone(a, barging.channelId!);
  await bridgeGone(a, `cw-mon-${supLeg}`);
  t.deepEqual(bridged(a)[`cw-call-${call.callId}`], [call.callId, call.agentLeg].sort());
  const closing = a.events.length;
  a.sim.control.remoteHangup(call.callId);
  await waitClosed(a, call.callId, closing);
  const { legs } = await recordOf(a, call.callId);
  t.deepEqual(
    legs
      .filter((l) => l.role === 'supervisor' || l.role.startsWith('snoop'))
      .map((l) => [l.role, l.agentId]),
    [
      ['supervisor', boss.agentId],
      ['snoop-listen', boss.agentId],
      ['snoop-whisper', boss.agentId],
      ['snoop-barge', boss.agentId],
    ],
  );
  const audit = await a.store.audit.list({}, { offset: 0, limit: 10 });
  t.deepEqual(
    audit
      .map((e) => e.action)
      .filter((x) => x.startsWith('call.'))
      .sort(),
    ['call.barge', 'call.listen', 'call.whisper'],
  );
});

test('a logged-in supervisor is busy while listening and free again after', async (t) => {
  const a = await h.start();
  const boss = await supervisor(a);
  const login = await a.gql('mutation { r: agentLogin { __typename } }', {}, boss.token);
  t.like(login.data?.r, { __typename: 'MutationAgentLoginSuccess' });
  const call = await connectCall(a, 0);
  const mark = a.events.length;
  const listen = await control(a, `listenCall(callId: "${call.callId}")`, boss.token);
  t.like(a.runtime.agentView(boss.agentId), { status: 'on-call', callId: call.callId });
  await waitControl(a, 'monitor', 'started', mark);
  const end = a.events.length;
  a.sim.control.remoteHangup(call.callId);
  await waitClosed(a, call.callId, end);
  await waitControl(a, 'monitor', 'ended', end);
  await channelGone(a, listen.channelId!);
  t.like(a.runtime.agentView(boss.agentId), { status: 'available' });
});

test('QA may listen but not whisper or barge; an agent may do neither', async (t) => {
  const a = await h.start();
  const boss = await supervisor(a);
  const call = await connectCall(a, 0);
  const qa = await a.services.users.create(
    (await a.services.auth.authenticate(a.adminKey, null))!,
    {
      username: 'qa-1',
      displayName: 'QA',
      role: 'qa',
      businessLineIds: [(await a.store.businessLines.getByName('Line'))!.id],
    },
  );
  const qaKey = (
    await a.services.auth.createApiKey(
      (await a.services.auth.authenticate(a.adminKey, null))!,
      qa.id,
      'qa',
    )
  ).secret;
  const agentPhone = Buffer.from(`Agent:${boss.agentId}`).toString('base64');
  const whisper = await tryControl(
    a,
    `whisperCall(callId: "${call.callId}", agentId: "${agentPhone}")`,
    qaKey,
  );
  t.like(whisper, { __typename: 'Problem', code: 'FORBIDDEN' });
  const byAgent = await tryControl(a, `listenCall(callId: "${call.callId}")`, a.tokens[1]);
  t.like(byAgent, { __typename: 'Problem', code: 'NOT_FOUND' });
  const mark = a.events.length;
  await control(a, `listenCall(callId: "${call.callId}", agentId: "${agentPhone}")`, qaKey);
  const started = await waitControl(a, 'monitor', 'started', mark);
  t.like(started, { agentId: boss.agentId, detail: 'listen' });
});
