/**
 * Acceptance of `npm run sim` (tsx src/sim/main.ts) as a program on its own:
 * started with its ports set to 0 through the environment, it serves ARI
 * answering `/asterisk/info` like the captured Asterisk, AMI with the banner
 * and login of a real manager interface, and sends a call placed through the
 * control API to an IVR DID into a FastAGI server (ours, started here).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import test from 'ava';
import pino from 'pino';
import { Registry } from 'prom-client';
import { type AgiServer, createAgiServer } from '../../src/asterisk/agi/agi-server.ts';
import { AgiSessions } from '../contract/agi-sessions.ts';
import { loadFixture, shapeDiff } from '../contract/compare.ts';

const USER = 'cli-user';
const PASSWORD = 'cli-pass';
const root = new URL('../../', import.meta.url).pathname;
const recordings = mkdtempSync(join(tmpdir(), 'sim-cli-rec-'));
const sessions = new AgiSessions();
let agi: AgiServer;
let child: ChildProcess;
let exited: Promise<number | null>;
let ready: { ari: string; amiPort: number };

/** One pino JSON line of the program's output (other lines are ignored). */
function parseLogLine(line: string): { msg?: string; ari?: string; amiPort?: number } | undefined {
  try {
    return JSON.parse(line) as { msg?: string; ari?: string; amiPort?: number };
  } catch {
    return undefined;
  }
}

/** Starts the program and resolves with what its "ready" log line says. */
function startSim(agiPort: number): Promise<{ ari: string; amiPort: number }> {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ARI_USER: USER,
      ARI_PASSWORD: PASSWORD,
      AMI_USER: USER,
      AMI_SECRET: PASSWORD,
      SIM_ARI_PORT: '0',
      AMI_PORT: '0',
      SIM_AGI_TARGET: `127.0.0.1:${agiPort}`,
      SIM_RECORDINGS_DIR: recordings,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const entry = parseLogLine(line);
      if (entry?.msg === 'PBX simulator ready' && entry.ari && entry.amiPort) {
        resolve({ ari: entry.ari, amiPort: entry.amiPort });
      }
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += String(chunk);
    });
    void exited.then((code) => reject(new Error(`sim exited (${code}) before ready: ${stderr}`)));
  });
}

test.before(async () => {
  agi = await createAgiServer({
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    onSession: (session) => sessions.accept(session),
  });
  ready = await startSim(agi.port);
});

test.after.always(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await exited;
  }
  sessions.close();
  await agi?.close();
  rmSync(recordings, { recursive: true, force: true });
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

test.serial('ARI /asterisk/info with Basic auth answers like the real one', async (t) => {
  const res = await fetch(`${ready.ari}/ari/asterisk/info`, {
    headers: { authorization: basic(USER, PASSWORD) },
  });
  t.is(res.status, 200);
  t.regex(res.headers.get('content-type') ?? '', /^application\/json/);
  t.deepEqual(shapeDiff(await res.json(), loadFixture('ari-asterisk-info.json')), []);
  const refused = await fetch(`${ready.ari}/ari/asterisk/info`);
  t.is(refused.status, 401);
  t.deepEqual(await refused.json(), { message: 'Authentication required' });
});

test.serial('AMI greets with the manager banner and accepts the login', async (t) => {
  const socket = connect({ host: '127.0.0.1', port: ready.amiPort });
  const lines = createInterface({ input: socket, crlfDelay: Number.POSITIVE_INFINITY });
  const received: string[] = [];
  const blank = new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      received.push(line);
      if (received.length > 1 && line === '') resolve();
    });
  });
  socket.write(`Action: Login\r\nUsername: ${USER}\r\nSecret: ${PASSWORD}\r\n\r\n`);
  await blank;
  t.regex(received[0] ?? '', /^Asterisk Call Manager\/\d+\.\d+\.\d+$/);
  t.deepEqual(received.slice(1, 3), ['Response: Success', 'Message: Authentication accepted']);
  socket.destroy();
});

test.serial(
  'a call placed through /_sim/calls to an IVR DID reaches our FastAGI server',
  async (t) => {
    const res = await fetch(`${ready.ari}/_sim/calls`, {
      method: 'POST',
      headers: { authorization: basic(USER, PASSWORD), 'content-type': 'application/json' },
      body: JSON.stringify({ from: '5550001', to: '8123' }),
    });
    t.is(res.status, 201);
    const { channelId } = (await res.json()) as { channelId: string };
    const session = await sessions.next((s) => s.env.callerid === '5550001');
    t.like(session.env, { path: '/ivr/8123', uniqueid: channelId, extension: '8123' });
    t.like(await session.answer(), { result: 0 });
    await session.hangup();
    await session.closed;
  },
);

test.serial('SIGTERM stops the program cleanly', async (t) => {
  child.kill('SIGTERM');
  t.is(await exited, 0);
});
