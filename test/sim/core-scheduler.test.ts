/**
 * Simulated time and randomness: one timer queue woken by an injected clock
 * (virtual clocks move only when told, or instantly), a seeded PRNG, and
 * Asterisk's time formats.
 */
import test from 'ava';
import { RealClock, VirtualClock } from '../../src/sim/core/clock.ts';
import { deriveRng, draw, mulberry32, uuidFrom } from '../../src/sim/core/rng.ts';
import { Scheduler, SleepAborted } from '../../src/sim/core/scheduler.ts';
import { amiTimestamp, ariTime, cdrTime, hms } from '../../src/sim/core/time-format.ts';

test('timers fire in time order (FIFO for the same instant) as the virtual clock advances', async (t) => {
  const clock = new VirtualClock({ startMs: 1_000_000 });
  const s = new Scheduler(clock);
  const fired: Array<[string, number]> = [];
  s.after(300, () => fired.push(['c', s.now()]));
  s.after(100, () => fired.push(['a', s.now()]));
  s.after(100, () => fired.push(['b', s.now()]));
  const cancelled = s.after(200, () => fired.push(['x', s.now()]));
  s.cancel(cancelled);
  await clock.advance(150);
  t.deepEqual(fired, [
    ['a', 1_000_100],
    ['b', 1_000_100],
  ]);
  t.is(s.now(), 1_000_150);
  await clock.advance(150);
  t.deepEqual(fired.at(-1), ['c', 1_000_300]);
  t.is(s.pending(), 0);
});

test('work scheduled by a timer for the same instant runs before time moves on', async (t) => {
  const clock = new VirtualClock({ startMs: 0 });
  const s = new Scheduler(clock);
  const order: string[] = [];
  s.after(10, () => {
    order.push('first');
    void s.sleep(0).then(() => order.push(`chained@${s.now()}`));
  });
  s.after(20, () => order.push(`second@${s.now()}`));
  await clock.advance(20);
  t.deepEqual(order, ['first', 'chained@10', 'second@20']);
});

test('sleep rejects when its signal aborts, and close() drops every timer', async (t) => {
  const clock = new VirtualClock({ startMs: 0 });
  const s = new Scheduler(clock);
  const ac = new AbortController();
  const p = s.sleep(1000, ac.signal);
  ac.abort();
  await t.throwsAsync(p, { instanceOf: SleepAborted });
  s.after(10, () => t.fail('closed scheduler must not fire'));
  s.close();
  await clock.advance(100);
  t.is(s.pending(), 0);
});

test('an auto virtual clock runs simulated minutes without waiting', async (t) => {
  const clock = new VirtualClock({ startMs: 0, auto: true });
  const s = new Scheduler(clock);
  const start = performance.now();
  await s.sleep(30 * 60_000);
  t.is(s.now(), 30 * 60_000);
  t.true(performance.now() - start < 5000);
});

test('the real clock fires a short timer', async (t) => {
  const s = new Scheduler(new RealClock());
  const before = Date.now();
  await s.sleep(5);
  t.true(Date.now() - before >= 4);
  s.close();
});

test('mulberry32 is reproducible per seed; derived streams are independent', (t) => {
  const seq = (seed: number) => {
    const r = mulberry32(seed);
    return [r.next(), r.next(), r.next()];
  };
  t.deepEqual(seq(42), seq(42));
  t.notDeepEqual(seq(42), seq(43));
  t.notDeepEqual(deriveRng(1, 'a').next(), deriveRng(1, 'b').next());
  t.regex(
    uuidFrom(mulberry32(1)),
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
});

test('distributions stay in range and have the right centre', (t) => {
  const rng = mulberry32(9);
  const uniform = Array.from({ length: 2000 }, () =>
    draw(rng, { kind: 'uniform', min: 3, max: 8 }),
  );
  t.true(uniform.every((x) => x >= 3 && x <= 8));
  const exp = Array.from({ length: 5000 }, () => draw(rng, { kind: 'exponential', mean: 90 }));
  const mean = exp.reduce((a, b) => a + b, 0) / exp.length;
  t.true(mean > 80 && mean < 100, String(mean));
  const logn = Array.from({ length: 5001 }, () =>
    draw(rng, { kind: 'lognormal', median: 120, sigma: 0.5 }),
  ).sort((a, b) => a - b);
  t.true(logn[2500]! > 110 && logn[2500]! < 130, String(logn[2500]));
  t.is(draw(rng, { kind: 'fixed', value: 4 }), 4);
});

test('time formats match Asterisk', (t) => {
  const ms = Date.UTC(2026, 10, 23, 8, 56, 16, 924);
  t.is(ariTime(ms), '2026-11-23T08:56:16.924+0000');
  t.is(amiTimestamp(ms + 0.5), '1795424176.924500');
  t.is(cdrTime(ms), '2026-11-23 08:56:16');
  t.is(hms(3723), '01:02:03');
});
