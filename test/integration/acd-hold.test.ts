/**
 * The agent's hold button end to end through GraphQL, the real ACD and the
 * PBX simulator: holdCall starts music on hold on the caller's own channel
 * (ARI `POST /channels/{id}/moh`) while caller and agent stay bridged;
 * resumeCall stops it; transfers wait until the caller is back; an agent
 * may hold only its own call. A click-to-dial call holds the called number.
 */
import test from 'ava';
import type { CoreEvent } from '../../src/sim/core/events.ts';
import type { AcdUnderTest } from './acd-harness.ts';
import {
  agentGid,
  bridged,
  connectCall,
  control,
  harnesses,
  loginReady,
  tryControl,
  waitControl,
} from './in-call-helpers.ts';

const h = harnesses();
test.after.always(() => h.closeAll());

/** Simulator events of one type on one channel, collected from now on. */
function musicOn(a: AcdUnderTest, channelId: string) {
  const seen: string[] = [];
  const waiters: Array<{ type: string; wake: () => void }> = [];
  a.sim.core.bus.on((e: CoreEvent) => {
    if (e.type !== 'MusicOnHoldStart' && e.type !== 'MusicOnHoldStop') return;
    if (e.channel.id !== channelId) return;
    seen.push(e.type);
    for (const w of waiters.filter((x) => x.type === e.type)) w.wake();
  });
  return {
    seen,
    /** Resolves once `type` was seen on the channel; the limit only makes a hang readable. */
    next(type: 'MusicOnHoldStart' | 'MusicOnHoldStop'): Promise<void> {
      if (seen.includes(type)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} on ${channelId}`)), 20_000);
        waiters.push({
          type,
          wake: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}

const bridgeWith = (a: AcdUnderTest, channelId: string) =>
  Object.values(bridged(a)).find((channels) => channels.includes(channelId)) ?? [];

test('hold plays music to the caller in the call; resume stops it; the call goes on', async (t) => {
  const a = await h.start();
  const call = await connectCall(a, 0);
  const music = musicOn(a, call.callId);
  const mark = a.events.length;

  const held = await control(a, `holdCall(callId: "${call.callId}")`, a.tokens[0]);
  t.is(held.callId, call.callId);
  await music.next('MusicOnHoldStart');
  await waitControl(a, 'hold', 'started', mark, (e) => e.agentId === call.agentId);
  // Nobody was moved: caller and agent share the call's bridge.
  t.deepEqual(bridgeWith(a, call.callId), [call.agentLeg, call.callId].sort());
  t.true(a.runtime.calls.held(call.callId));
  const onHold = async () => {
    const res = await a.gql('{ liveCalls { callId onHold } }');
    const calls = (res.data as { liveCalls: Array<{ callId: string; onHold: boolean }> }).liveCalls;
    return calls.find((c) => c.callId === call.callId)?.onHold;
  };
  t.true(await onHold(), 'liveCalls shows the hold');

  // Holding again changes nothing.
  await control(a, `holdCall(callId: "${call.callId}")`, a.tokens[0]);
  t.deepEqual(music.seen, ['MusicOnHoldStart']);

  await control(a, `resumeCall(callId: "${call.callId}")`, a.tokens[0]);
  await music.next('MusicOnHoldStop');
  await waitControl(a, 'hold', 'ended', mark);
  t.false(a.runtime.calls.held(call.callId));
  t.false(await onHold(), 'and its end');
  t.deepEqual(music.seen, ['MusicOnHoldStart', 'MusicOnHoldStop']);
  t.deepEqual(bridgeWith(a, call.callId), [call.agentLeg, call.callId].sort());
});

test('a held call is not transferred until resumed; another agent may not hold it', async (t) => {
  const a = await h.start();
  const call = await connectCall(a, 0);
  await loginReady(a, 1);
  const refused = await tryControl(a, `holdCall(callId: "${call.callId}")`, a.tokens[1]);
  t.like(refused, { __typename: 'Problem', code: 'NOT_FOUND' });

  await control(a, `holdCall(callId: "${call.callId}")`, a.tokens[0]);
  const transfer = await tryControl(
    a,
    `transferCall(callId: "${call.callId}", target: { agentId: "${agentGid(a.agents[1])}" })`,
    a.tokens[0],
  );
  t.like(transfer, { __typename: 'Problem', code: 'CONFLICT' });
  t.true(a.runtime.calls.held(call.callId));
});

test('a click-to-dial call puts the number it called on hold', async (t) => {
  const a = await h.start();
  await loginReady(a, 0);
  const mark = a.events.length;
  const placed = await control(a, 'originateCall(number: "01 55 50 00 30")', a.tokens[0]);
  await waitControl(a, 'outbound', 'connected', mark);
  const number = `${placed.callId}-out`;
  const music = musicOn(a, number);
  const held = await control(a, `holdCall(callId: "${placed.callId}")`, a.tokens[0]);
  t.is(held.channelId, number);
  await music.next('MusicOnHoldStart');
  t.true(a.runtime.calls.held(placed.callId));
  await control(a, `resumeCall(callId: "${placed.callId}")`, a.tokens[0]);
  await music.next('MusicOnHoldStop');
  t.false(a.runtime.calls.held(placed.callId));
  t.deepEqual(bridgeWith(a, number), [placed.callId, number].sort());
});

test('hold on a call that is not connected is refused', async (t) => {
  const a = await h.start();
  const missing = await tryControl(a, 'holdCall(callId: "no-such-call")');
  t.like(missing, { __typename: 'Problem', code: 'NOT_FOUND' });
});
