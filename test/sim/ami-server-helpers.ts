/**
 * Test helpers for the AMI server: a raw node:net client that reads whole
 * CRLF-framed messages, a scriptable AmiBackend, and a reader for the
 * captured samples in test/fixtures/sim/ami.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import pino from 'pino';
import type {
  AmiBackend,
  AmiChannelRow,
  AmiContactRow,
  AmiFields,
  AmiOriginate,
  AmiOriginateResult,
} from '../../src/sim/ami/backend.ts';
import { type AmiServer, createAmiServer } from '../../src/sim/ami/server.ts';

/** The raw captured text of a fixture. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/sim/ami/${name}`, import.meta.url), 'utf8');
}

/** A sample file split into its messages, each ending with `\r\n\r\n`. */
export function sampleMessages(name: string): string[] {
  return fixture(name)
    .split('\r\n\r\n')
    .filter((m) => m.trim() !== '')
    .map((m) => `${m}\r\n\r\n`);
}

/** `Key: value` pairs of one raw message. */
export function parseRaw(raw: string): Array<[string, string]> {
  return raw
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => {
      const i = l.indexOf(': ');
      return i < 0 ? [l.replace(/:$/, ''), ''] : [l.slice(0, i), l.slice(i + 2)];
    });
}

/** A raw AMI client. */
export class RawClient {
  private buffer = '';
  private waiters: Array<() => void> = [];
  ended = false;
  readonly endPromise: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.wake();
    });
    this.endPromise = new Promise((resolve) => {
      socket.on('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      });
    });
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise((resolve) => socket.once('connect', resolve));
    return new RawClient(socket);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Waits until `predicate` holds on the buffer (or the socket closed). */
  private async until(predicate: () => boolean): Promise<void> {
    while (!predicate() && !this.ended)
      await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Reads through the next `\r\n` (the banner). */
  async readLine(): Promise<string> {
    await this.until(() => this.buffer.includes('\r\n'));
    const i = this.buffer.indexOf('\r\n');
    const line = this.buffer.slice(0, i + 2);
    this.buffer = this.buffer.slice(i + 2);
    return line;
  }

  /** Reads one whole message, raw, `\r\n\r\n` included; '' if the socket closed first. */
  async readMessage(): Promise<string> {
    await this.until(() => this.buffer.includes('\r\n\r\n'));
    const i = this.buffer.indexOf('\r\n\r\n');
    if (i < 0) return '';
    const msg = this.buffer.slice(0, i + 4);
    this.buffer = this.buffer.slice(i + 4);
    return msg;
  }

  /** Reads messages until one contains `text`; returns all read. */
  async readUntil(text: string): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      const m = await this.readMessage();
      if (m === '') return out;
      out.push(m);
      if (m.includes(text)) return out;
    }
  }

  /** Sends an action (fields in order). */
  send(fields: Array<[string, string]>): void {
    this.socket.write(`${fields.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  }

  /** Logs in as cc/cc and returns what came back up to the Login response. */
  async login(events: string, actionId?: string): Promise<string> {
    await this.readLine();
    this.send([
      ['Action', 'Login'],
      ...(actionId ? ([['ActionID', actionId]] as Array<[string, string]>) : []),
      ['Username', 'cc'],
      ['Secret', 'cc'],
      ['Events', events],
    ]);
    return this.readMessage();
  }

  /** Whatever is buffered and not yet read. */
  pending(): string {
    return this.buffer;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A scriptable backend that records what the server asked for. */
export class FakeBackend implements AmiBackend {
  readonly systemName = 'callwright-sim';
  rows: AmiChannelRow[] = [];
  devices: Array<{ device: string; state: string }> = [];
  contactRows: AmiContactRow[] = [];
  readonly calls: string[] = [];
  readonly vars = new Map<string, string>([['|GLOBAL_X', 'g']]);
  extensions = new Set(['from-trunk/8100/1']);
  originateResult: (req: AmiOriginate) => Promise<AmiOriginateResult> = async () => {
    throw new Error('no originate scripted');
  };
  private handlers: Array<(fields: AmiFields) => void> = [];

  emit(fields: AmiFields): void {
    for (const h of this.handlers) h(fields);
  }
  channels(): AmiChannelRow[] {
    return this.rows;
  }
  deviceStates() {
    return this.devices;
  }
  contacts(): AmiContactRow[] {
    return this.contactRows;
  }
  originate(req: AmiOriginate): Promise<AmiOriginateResult> {
    this.calls.push(`originate ${JSON.stringify(req)}`);
    return this.originateResult(req);
  }
  private has(channel: string): boolean {
    return this.rows.some((r) => r.channel === channel);
  }
  hangup(channel: string, cause?: number): boolean {
    this.calls.push(`hangup ${channel} ${cause ?? ''}`.trim());
    return this.has(channel);
  }
  redirect(channel: string, context: string, exten: string, priority: number): boolean {
    this.calls.push(`redirect ${channel} ${context},${exten},${priority}`);
    return this.has(channel);
  }
  getVar(channel: string, name: string) {
    return {
      exists: channel === '' || this.has(channel),
      value: this.vars.get(`${channel}|${name}`),
    };
  }
  setVar(channel: string, name: string, value: string): boolean {
    if (channel !== '' && !this.has(channel)) return false;
    this.vars.set(`${channel}|${name}`, value);
    return true;
  }
  playDtmf(channel: string, digit: string, receive: boolean): boolean {
    this.calls.push(`playdtmf ${channel} ${digit}${receive ? ' receive' : ''}`);
    return this.has(channel);
  }
  hasExtension(context: string, exten: string, priority: number): boolean {
    return this.extensions.has(`${context}/${exten}/${priority}`);
  }
  onEvent(handler: (fields: AmiFields) => void): () => void {
    this.handlers.push(handler);
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
    };
  }
}

/** A CoreShowChannels row built from a captured CoreShowChannel message. */
export function rowFromSample(raw: string): AmiChannelRow {
  const f = new Map(parseRaw(raw));
  const g = (k: string) => {
    const v = f.get(k) ?? '';
    return v === '<unknown>' ? '' : v;
  };
  const [h, m, s] = g('Duration').split(':').map(Number) as [number, number, number];
  return {
    channel: g('Channel'),
    uniqueid: g('Uniqueid'),
    linkedid: g('Linkedid'),
    context: g('Context'),
    exten: g('Exten'),
    priority: Number(g('Priority')),
    channelState: Number(g('ChannelState')),
    channelStateDesc: g('ChannelStateDesc'),
    application: g('Application'),
    applicationData: g('ApplicationData'),
    callerIdNum: g('CallerIDNum'),
    callerIdName: g('CallerIDName'),
    connectedLineNum: g('ConnectedLineNum'),
    connectedLineName: g('ConnectedLineName'),
    accountCode: g('AccountCode'),
    bridgeId: g('BridgeId'),
    durationS: h * 3600 + m * 60 + s,
    language: g('Language'),
  };
}

/** Message `index` of a sample file (throws when the file has fewer). */
export function sample(name: string, index: number): string {
  const msg = sampleMessages(name)[index];
  if (msg === undefined) throw new Error(`${name} has no message ${index}`);
  return msg;
}

/**
 * Starts AMI servers on free ports (user cc/cc, a controllable clock, no
 * login-failure delay) and closes them and their clients afterwards.
 */
export function makeAmiStarter() {
  const servers: AmiServer[] = [];
  const clients: RawClient[] = [];
  async function start(backend = new FakeBackend(), clock = { ms: 1_795_424_404_584.108 }) {
    const server = createAmiServer({
      port: 0,
      users: { cc: 'cc' },
      backend,
      logger: pino({ level: 'silent' }),
      now: () => clock.ms,
      authFailDelayMs: 0,
    });
    servers.push(server);
    const port = await server.listen();
    const client = async () => {
      const c = await RawClient.connect(port);
      clients.push(c);
      return c;
    };
    return { server, backend, client, clock };
  }
  async function closeAll(): Promise<void> {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
  }
  return { start, closeAll };
}
