/**
 * Child-process entry of the inbound benchmark: the PBX simulator on the
 * wall clock in its own process (as Asterisk runs beside callwright, so
 * the benchmark's CPU figures are callwright's alone), with the agent
 * phones given in `BENCH_PHONES`. Sends `{ port }` once listening; on
 * `{ type: 'traffic', ... }` places inbound calls on the DID at the given
 * rate (Poisson arrivals) until the count is reached (a new message starts
 * a new run); exits on `'close'`.
 */
import { rmSync } from 'node:fs';
import { startSimulator } from '../src/sim/simulator.ts';
import { benchRecordingsDir } from './lib/recordings-dir.ts';

const { phones, user, password, answerAfterS } = JSON.parse(process.env.BENCH_SIM ?? '{}') as {
  phones: string[];
  user: string;
  password: string;
  answerAfterS: number;
};
const recordingsDir = benchRecordingsDir('bench-inbound-');
const sim = await startSimulator({
  ariPort: 0,
  amiPort: null,
  ariUser: user,
  ariPassword: password,
  dialplanDir: new URL('../dialplan', import.meta.url).pathname,
  recordingsDir,
  phones,
  phoneBehaviour: { registered: true, mode: 'answer', answerAfterS },
});
process.send?.({ port: sim.ariPort });
process.on(
  'message',
  (
    m:
      | 'close'
      | { type: 'traffic'; did: string; rate: number; calls: number; talkS: number; seed?: number },
  ) => {
    if (m === 'close') {
      void sim.close().then(() => {
        rmSync(recordingsDir, { recursive: true, force: true });
        process.exit(0);
      });
      return;
    }
    sim.control.startTraffic({
      // A new seed per run draws new callers (the soak's warm-up and its day differ).
      seed: m.seed ?? 7,
      dids: [{ did: m.did, ratePerMinute: m.rate * 60 }],
      talk: { kind: 'fixed', value: m.talkS },
      // Callers never give up: every call must reach an agent.
      patience: { kind: 'fixed', value: 3600 },
      maxCalls: m.calls,
    });
  },
);
