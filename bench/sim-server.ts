/**
 * Worker-thread entry of the simulator benchmark: runs the simulator on an
 * instant virtual clock in its own thread (as it runs in its own process
 * beside callwright), so the benchmark client's cost is not counted against
 * it. Posts `{ port }` once listening and closes on any message.
 */
import { rmSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { VirtualClock } from '../src/sim/core/clock.ts';
import { startSimulator } from '../src/sim/simulator.ts';
import { benchRecordingsDir } from './lib/recordings-dir.ts';

const recordingsDir = benchRecordingsDir('bench-sim-');
const sim = await startSimulator({
  ariPort: 0,
  amiPort: null,
  ariUser: 'bench',
  ariPassword: 'bench',
  recordingsDir,
  clock: new VirtualClock({ auto: true }),
  phoneBehaviour: { registered: true, mode: 'answer', answerAfterS: 0 },
});
parentPort?.postMessage({ port: sim.ariPort });
parentPort?.once('message', () => {
  void sim.close().then(() => {
    rmSync(recordingsDir, { recursive: true, force: true });
    parentPort?.close();
  });
});
