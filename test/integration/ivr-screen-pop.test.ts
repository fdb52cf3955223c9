/**
 * The screen pop shows the IVR path the caller took (AGT-1), end to end:
 * a call runs the support flow over FastAGI on the PBX simulator, the
 * flow queues it, the real ACD rings the agent, and the live publisher's
 * pop (with the IVR session lookup `main.ts` wires) carries the nodes the
 * caller went through with the keys pressed, and the queue's disposition
 * codes for the wrap-up.
 */
import test from 'ava';
import pino from 'pino';
import { createIvrPathLookup } from '../../src/app/live/ivr-paths.ts';
import { createLocalLiveBus } from '../../src/app/live/live-bus.ts';
import { agentTopic, type ScreenPopMessage } from '../../src/app/live/live-events.ts';
import { createLivePublisher } from '../../src/app/live/live-publisher.ts';
import { createWallTimers } from '../../src/asterisk/acd/wall-timers.ts';
import { type IvrUnderTest, OPEN_HOURS, startIvr } from './ivr-harness.ts';

let h: IvrUnderTest | undefined;
test.after.always(async () => {
  await h?.close();
});

test('the pop of a call that came through the IVR lists its path and the queue codes', async (t) => {
  h = await startIvr();
  const line = await h.store.businessLines.getByName('Line');
  const sales = line && (await h.store.queues.getByName(line.id, 'Sales'));
  if (!sales) throw new Error('no queue Sales');
  await h.store.queueSettings.put(sales.id, {
    wrapUp: { dispositions: ['sale', 'no-sale'], dispositionRequired: true },
  });
  const clock = { now: () => Date.now() };
  const bus = createLocalLiveBus((error) => {
    throw error;
  });
  const live = createLivePublisher({
    runtime: h.acd,
    store: h.store,
    bus,
    timers: createWallTimers(clock),
    clock,
    logger: pino({ level: 'silent' }),
    ivrPaths: createIvrPathLookup(h.ivrStore.sessions),
  });
  t.teardown(() => live.close());
  let popped: (pop: ScreenPopMessage) => void = () => {};
  const pop = new Promise<ScreenPopMessage>((resolve, reject) => {
    popped = resolve;
    setTimeout(() => reject(new Error('no screen pop within 20 s')), 20_000).unref();
  });
  bus.subscribe(agentTopic(h.agentId), (m) => {
    if (m.type === 'screen-pop') popped(m);
  });
  for (const action of [{ type: 'login' }, { type: 'ready' }] as const) {
    const result = await h.acd.agentAction(h.agentId, action);
    if (!result.ok) throw new Error(`${action.type}: ${JSON.stringify(result.error)}`);
  }
  h.setIvrTime(OPEN_HOURS);
  // Main menu: 7 (invalid), then 1 (orders); orders menu: 9 (back); main menu: 0 (queue).
  const channelId = h.call('+33155555555', { l1: ['7', '1', '0'], l2: ['9'] });
  const got = await pop;
  t.is(got.callId, channelId);
  t.deepEqual(got.ivrPath, ['fw', 'hours', 'l1 [1]', 'l2 [9]', 'l1 [0]', 'q']);
  t.deepEqual(got.dispositions, ['sale', 'no-sale']);
  t.true(got.dispositionRequired);
});
