/**
 * The ACD's call-control port on our ARI client, against the simulator:
 * acting on a channel or bridge that is gone is the `gone` outcome, not an
 * exception; a refused originate is `failed`; phone registration decides
 * whether an agent can be reached.
 */
import test from 'ava';
import { type AcdUnderTest, startAcd } from './acd-harness.ts';

let a: AcdUnderTest | undefined;
test.before(async () => {
  a = await startAcd();
});
test.after.always(async () => {
  await a?.close();
});

test('operations on channels and bridges that are gone come back as gone', async (t) => {
  const { control } = a!;
  t.like(await control.answer('no-such-channel'), { ok: false, reason: 'gone' });
  t.like(await control.hangup('no-such-channel', 16), { ok: false, reason: 'gone' });
  t.like(await control.stopHold('no-such-bridge'), { ok: false, reason: 'gone' });
  t.like(await control.startHold('hold-x', 'no-such-channel'), { ok: false, reason: 'gone' });
  t.like(await control.connect('call-x', ['no-such-channel']), { ok: false, reason: 'gone' });
  t.like(await control.record('no-such-bridge', 'call-x'), { ok: false, reason: 'gone' });
  t.like(await control.destroyBridge('no-such-bridge'), { ok: false, reason: 'gone' });
  // The bridges made on the way are real and can be destroyed.
  t.deepEqual(await control.destroyBridge('hold-x'), { ok: true });
  t.deepEqual(await control.destroyBridge('call-x'), { ok: true });
});

test('an originate the PBX refuses is failed, with the stable error code', async (t) => {
  const outcome = await a!.control.originateOffer({
    channelId: 'offer-x',
    callId: 'call-x',
    agentId: 'agent-x',
    endpoint: 'PJSIP/9999',
    callerNumber: '+33612345678',
    timeoutS: 5,
    originatorChannelId: 'no-such-channel',
  });
  t.like(outcome, { ok: false, reason: 'failed' });
  t.regex(outcome.ok ? '' : outcome.detail, /^ARI_/);
});

test('a registered phone is reachable, an unregistered or unknown one is not', async (t) => {
  const { control, sim } = a!;
  t.true(await control.reachable('PJSIP/2002'));
  sim.control.setPhone('2002', { registered: false });
  t.false(await control.reachable('PJSIP/2002'));
  t.false(await control.reachable('PJSIP/7777'));
  t.true(await control.reachable('Local/2002@agents'));
});

test('in-call legs: a snoop on a gone channel is gone; a leg to an unreachable phone fails', async (t) => {
  const { control } = a!;
  t.like(
    await control.snoop({
      snoopId: 'snoop-x',
      callId: 'call-x',
      channelId: 'no-such-channel',
      spy: 'both',
      whisper: 'none',
    }),
    { ok: false, reason: 'gone' },
  );
  const leg = await control.originateLeg({
    channelId: 'leg-x',
    callId: 'call-x',
    target: { kind: 'phone', endpoint: 'PJSIP/9999' },
    callerName: '',
    callerNumber: '+33612345678',
    timeoutS: 5,
    originatorChannelId: null,
  });
  t.like(leg, { ok: false, reason: 'failed' });
});
