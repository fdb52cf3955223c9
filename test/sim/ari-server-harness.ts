/**
 * Test harness for the simulator over its real sockets: starts a simulator
 * on ephemeral ports with a hand-driven virtual clock and the test dialplan
 * (test/fixtures/sim/dialplan), and offers a REST helper and WebSocket
 * event logs that resolve on events (never on sleeps). `flush()` puts a
 * marker through the event stream (a Stasis: device state change) so a test
 * knows every earlier event has arrived.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { VirtualClock } from '../../src/sim/core/clock.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/sim/simulator.ts';

/** Marker devices must be new each time: a state that does not change raises no event. */
let flushMarkers = 0;

/** An ARI event as received. */
export type AriEvent = Record<string, unknown> & { type: string };

/** A REST answer. */
export interface RestResult {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

const USER = 'cc';
const PASSWORD = 'cc';

/** The fixture dialplan directory. */
export const DIALPLAN_DIR = new URL('../fixtures/sim/dialplan/', import.meta.url).pathname;

/** Channel of an event (channel or Dial's peer), if any. */
export function channelOf(e: AriEvent): { id: string; name: string; state: string } | undefined {
  return (e.channel ?? e.peer) as { id: string; name: string; state: string } | undefined;
}

/** Events received on one ARI WebSocket. */
export class EventLog {
  readonly events: AriEvent[] = [];
  private waiters: Array<{
    pred: (e: AriEvent) => boolean;
    resolve: (e: AriEvent) => void;
    from: number;
  }> = [];

  constructor(
    readonly ws: WebSocket,
    readonly app: string,
    private readonly h: SimHarness,
  ) {
    ws.on('message', (data) => {
      const e = JSON.parse(String(data)) as AriEvent;
      this.events.push(e);
      const i = this.events.length - 1;
      for (const w of [...this.waiters]) {
        if (i >= w.from && w.pred(e)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    });
  }

  /** The first event (at index >= from) matching pred, waiting for it if needed. */
  waitFor(pred: (e: AriEvent) => boolean, from = 0): Promise<AriEvent> {
    const found = this.events.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve, from }));
  }

  /** Waits for an event of `type` (optionally about channel `channelId`). */
  next(type: string, channelId?: string, from = 0): Promise<AriEvent> {
    return this.waitFor(
      (e) => e.type === type && (channelId === undefined || channelOf(e)?.id === channelId),
      from,
    );
  }

  /**
   * Sends a marker through this socket's stream and waits for it: every
   * event emitted before the call has arrived when it resolves. Markers are
   * removed from `events`.
   */
  async flush(): Promise<void> {
    const device = `Stasis:flush-${this.app}-${++flushMarkers}`;
    await this.h.rest(
      'POST',
      `/ari/applications/${this.app}/subscription?eventSource=deviceState:${device}`,
    );
    await this.h.rest('PUT', `/ari/deviceStates/${encodeURIComponent(device)}?deviceState=INUSE`);
    await this.waitFor(
      (e) =>
        e.type === 'DeviceStateChanged' && (e.device_state as { name: string }).name === device,
    );
    for (let i = this.events.length - 1; i >= 0; i--) {
      const d = this.events[i]?.device_state as { name?: string } | undefined;
      if (d?.name?.startsWith(`Stasis:flush-${this.app}-`)) this.events.splice(i, 1);
    }
  }

  /** Closes the socket and resolves once closed. */
  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** A running simulator for one test file. */
export class SimHarness {
  private logs: EventLog[] = [];

  constructor(
    readonly sim: Simulator,
    readonly clock: VirtualClock,
    readonly recordingsDir: string,
  ) {}

  /** `Basic ...` header value for the configured ARI user. */
  get auth(): string {
    return `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  }

  /** Sends a request to the simulator's HTTP port. */
  async rest(
    method: string,
    path: string,
    opts: { body?: unknown; auth?: string | null } = {},
  ): Promise<RestResult> {
    const headers: Record<string, string> = {};
    if (opts.auth !== null) headers.authorization = opts.auth ?? this.auth;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.sim.ariUrl}${path}`, {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (recording bytes): keep the text.
    }
    return { status: res.status, headers: res.headers, body, text };
  }

  /** Opens an ARI event WebSocket for `app`. */
  async events(app: string, subscribeAll = false): Promise<EventLog> {
    const url = `ws://127.0.0.1:${this.sim.ariPort}/ari/events?app=${app}&api_key=${USER}:${PASSWORD}${subscribeAll ? '&subscribeAll=true' : ''}`;
    const ws = new WebSocket(url);
    const log = new EventLog(ws, app, this);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    this.logs.push(log);
    return log;
  }

  /** Advances simulated time. */
  advance(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }

  /** Closes sockets, the simulator and the recordings directory. */
  async close(): Promise<void> {
    await Promise.all(this.logs.map((l) => l.close()));
    await this.sim.close();
    rmSync(this.recordingsDir, { recursive: true, force: true });
  }
}

/**
 * Starts a simulator on ephemeral ports with a virtual clock: hand-driven,
 * or with `auto` running timers as soon as the process is idle (for tests
 * where a network peer, such as a FastAGI script, waits on simulated time).
 */
export async function startHarness(
  opts: Partial<SimulatorOptions> = {},
  auto = false,
): Promise<SimHarness> {
  const clock = new VirtualClock({ auto });
  const recordingsDir = mkdtempSync(join(tmpdir(), 'sim-test-rec-'));
  const sim = await startSimulator({
    ariPort: 0,
    amiPort: null,
    ariUser: USER,
    ariPassword: PASSWORD,
    dialplanDir: DIALPLAN_DIR,
    recordingsDir,
    clock,
    seed: 7,
    ...opts,
  });
  return new SimHarness(sim, clock, recordingsDir);
}

/** Trims an event to the fields the sequence fixtures keep (see test/fixtures/sim/events-*.json). */
export function trimEvent(e: AriEvent): Record<string, unknown> {
  const norm = (n: string) => n.replace(/-[0-9a-f]{8}(;[12])?$/, '-N$1');
  const out: Record<string, unknown> = { type: e.type };
  const ch = channelOf(e);
  if (ch) {
    out.channel = norm(ch.name);
    out.state = ch.state;
  }
  if (e.type === 'StasisStart') out.args = e.args;
  if (e.type === 'ChannelDialplan') {
    out.app = e.dialplan_app;
    out.data = e.dialplan_app_data;
  }
  if (e.type === 'ChannelVarset') {
    out.variable = e.variable;
    out.value = e.variable === 'BRIDGEPEER' ? norm(String(e.value)) : e.value;
  }
  if (e.type === 'Dial') {
    out.dialstatus = e.dialstatus;
    out.dialstring = e.dialstring;
  }
  if (e.type === 'ChannelHangupRequest') {
    if ('cause' in e) out.cause = e.cause;
    if ('soft' in e) out.soft = e.soft;
  }
  if (e.type === 'ChannelDestroyed') {
    out.cause = e.cause;
    out.cause_txt = e.cause_txt;
  }
  if (e.bridge) out.bridge_channels = (e.bridge as { channels: unknown[] }).channels.length;
  return out;
}
