/**
 * Worker-thread entry of the FastAGI benchmark: the PBX simulator on the
 * wall clock (prompts take their real length, so calls stay in the IVR
 * together), running the shipped dialplan, its AGI() calls sent to the
 * benchmark's FastAGI server (`workerData.agiPort`). Posts `{ port }` (ARI
 * and the /_sim/ control API) once listening; closes on any message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../src/sim/simulator.ts';

const { agiPort, dialplanDir, sounds } = workerData as {
  agiPort: number;
  dialplanDir: string;
  sounds: Record<string, number>;
};
const recordingsDir = mkdtempSync(join(tmpdir(), 'bench-agi-'));
const sim = await startSimulator({
  ariPort: 0,
  amiPort: null,
  ariUser: 'bench',
  ariPassword: 'bench',
  dialplanDir,
  recordingsDir,
  agiTarget: `127.0.0.1:${agiPort}`,
  sounds,
});
parentPort?.postMessage({ port: sim.ariPort });
parentPort?.once('message', () => {
  void sim.close().then(() => {
    rmSync(recordingsDir, { recursive: true, force: true });
    parentPort?.close();
  });
});
