/**
 * Call set-up throughput of the PBX simulator through its real ARI
 * interface: a plain HTTP + WebSocket client originates a channel to an
 * agent phone into a Stasis app, waits for StasisStart, creates a bridge,
 * adds the channel, hangs up, waits for ChannelDestroyed and destroys the
 * bridge. The simulator runs in a worker thread (sim-server.ts) on an
 * instant virtual clock, so ringing costs nothing and the figure is the
 * simulator's own cost. Target: >= 200 set-ups per second.
 */
import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 40);
const APP = 'bench';

type Waiter = (e: Record<string, unknown>) => boolean;

/** Routes WebSocket events to whoever waits for them. */
class Events {
  private waiters = new Set<Waiter>();
  constructor(ws: WebSocket) {
    ws.on('message', (data) => {
      const e = JSON.parse(String(data)) as Record<string, unknown>;
      for (const w of [...this.waiters]) if (w(e)) this.waiters.delete(w);
    });
  }
  wait(type: string, channelId: string): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.add((e) => {
        const ch = e.channel as { id?: string } | undefined;
        if (e.type !== type || ch?.id !== channelId) return false;
        resolve();
        return true;
      });
    });
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs the benchmark and prints `{"bench":"sim",...}` as the last line. */
export default async function bench(): Promise<void> {
  // A worker does not inherit tsx's loader: register it, then load the TypeScript entry.
  const entry = new URL('./sim-server.ts', import.meta.url).href;
  const worker = new Worker(
    `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
  });
  const ariUrl = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Basic ${Buffer.from('bench:bench').toString('base64')}` };
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ari/events?app=${APP}&api_key=bench:bench`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const events = new Events(ws);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const call = (path: string, method: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const req = request(`${ariUrl}/ari${path}`, { method, headers: auth, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300)
            reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
        });
      });
      req.on('error', reject);
      req.end();
    });
  const latencies: number[] = [];
  let next = 0;
  const client = async (w: number): Promise<void> => {
    const phone = 1001 + (w % 99);
    while (next < CALLS) {
      next++;
      const t0 = performance.now();
      const id = `bench-${w}-${next}`;
      const started = events.wait('StasisStart', id);
      await call(`/channels?endpoint=PJSIP/${phone}&app=${APP}&channelId=${id}`, 'POST');
      await started;
      const bridge = await call('/bridges?type=mixing', 'POST');
      await call(`/bridges/${bridge.id}/addChannel?channel=${id}`, 'POST');
      const destroyed = events.wait('ChannelDestroyed', id);
      await call(`/channels/${id}`, 'DELETE');
      await destroyed;
      await call(`/bridges/${bridge.id}`, 'DELETE');
      latencies.push(performance.now() - t0);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => client(i)));
  const elapsedS = (performance.now() - start) / 1000;
  ws.close();
  agent.destroy();
  await new Promise((resolve) => {
    worker.once('exit', resolve);
    worker.postMessage('close');
  });
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'sim',
      setups_per_s: round(latencies.length / elapsedS),
      p50_ms: round(percentile(latencies, 50)),
      p99_ms: round(percentile(latencies, 99)),
      calls: latencies.length,
      concurrency: CONCURRENCY,
    })}\n`,
  );
}
