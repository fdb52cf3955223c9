/**
 * The traffic generator: Poisson arrivals per DID with seeded callers,
 * reproducible for a fixed seed; and the same through the control API into
 * a running simulator.
 */
import test from 'ava';
import { VirtualClock } from '../../src/sim/core/clock.ts';
import type { PlaceCall } from '../../src/sim/core/inbound.ts';
import { Scheduler } from '../../src/sim/core/scheduler.ts';
import {
  type GeneratedCall,
  TrafficGenerator,
  type TrafficOptions,
} from '../../src/sim/traffic/generator.ts';
import { channelOf, startHarness } from './ari-server-harness.ts';

const OPTIONS: TrafficOptions = {
  seed: 1234,
  dids: [
    { did: '100', ratePerMinute: 6 },
    { did: '200', ratePerMinute: 2, ivr: [{ weight: 1, steps: [{ afterMs: 2000, digits: '1' }] }] },
  ],
  patience: { kind: 'uniform', min: 20, max: 60 },
  talk: { kind: 'fixed', value: 90 },
};

/** Runs the generator for `minutes` of simulated time and returns what it placed. */
async function run(opts: TrafficOptions, minutes: number): Promise<GeneratedCall[]> {
  const clock = new VirtualClock();
  const scheduler = new Scheduler(clock);
  let n = 0;
  const gen = new TrafficGenerator(scheduler, (_req: PlaceCall) => `chan-${n++}`);
  gen.start(opts);
  await clock.advance(minutes * 60_000);
  gen.stop();
  scheduler.close();
  return [...gen.history];
}

test('a fixed seed reproduces the same calls, a different seed does not', async (t) => {
  const a = await run(OPTIONS, 30);
  const b = await run(OPTIONS, 30);
  t.deepEqual(b, a);
  t.notDeepEqual(await run({ ...OPTIONS, seed: 1235 }, 30), a);
});

test('arrivals follow each DID rate and carry drawn caller attributes', async (t) => {
  const calls = await run(OPTIONS, 120);
  const per = (did: string) => calls.filter((c) => c.to === did);
  // Poisson: 720 and 240 expected over 2 h; allow five standard deviations.
  t.true(Math.abs(per('100').length - 720) < 5 * Math.sqrt(720), String(per('100').length));
  t.true(Math.abs(per('200').length - 240) < 5 * Math.sqrt(240), String(per('200').length));
  for (const c of calls) {
    t.regex(c.from, /^555\d{7}$/);
    t.true(c.patienceS! >= 20 && c.patienceS! <= 60);
    t.is(c.talkS, 90);
  }
  t.true(per('200').every((c) => c.dtmf?.[0]?.digits === '1'));
  t.true(per('100').every((c) => c.dtmf === undefined));
  const times = calls.map((c) => c.at);
  t.deepEqual(
    times,
    [...times].sort((x, y) => x - y),
  );
});

test('maxCalls stops the run', async (t) => {
  t.is((await run({ ...OPTIONS, maxCalls: 5 }, 60)).length, 5);
});

test('started through the control API, generated calls reach the ARI app', async (t) => {
  const h = await startHarness();
  try {
    const cc = await h.events('callcenter');
    const started = await h.rest('POST', '/_sim/traffic/start', {
      body: {
        seed: 5,
        ratePerMinute: { '100': 30 },
        maxCalls: 3,
        patience: { kind: 'fixed', value: 5 },
      },
    });
    t.is(started.status, 202);
    await h.advance(10 * 60_000);
    const history = (await h.rest('GET', '/_sim/traffic')).body as { calls: GeneratedCall[] };
    t.is(history.calls.length, 3);
    for (const call of history.calls) {
      const start = await cc.next('StasisStart', call.channelId);
      t.deepEqual(start.args, ['inbound', '100']);
      t.is((channelOf(start)!.name.match(/^PJSIP\/trunk-/) ?? []).length, 1);
      // Nobody took the call: the caller gave up after 5 s of patience.
      await cc.next('StasisEnd', call.channelId);
    }
    const bad = await h.rest('POST', '/_sim/traffic/start', { body: { ratePerMinute: {} } });
    t.is(bad.status, 400);
  } finally {
    await h.close();
  }
});
