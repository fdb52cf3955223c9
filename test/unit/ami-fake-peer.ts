/**
 * A fake AMI server for tests: listens on an ephemeral port, greets with the
 * captured banner, parses the client's actions with its own (independent)
 * CRLF splitter and answers with captured frames from test/fixtures/ami.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';

/** Reads a fixture under test/fixtures/ami as a string (CRLF preserved). */
export function amiFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/ami/${name}`, import.meta.url), 'latin1');
}

/** A received action: its headers in order. */
export interface ReceivedAction {
  readonly pairs: readonly (readonly [string, string])[];
  get(key: string): string | undefined;
  getAll(key: string): string[];
}

/**
 * Rewrites the captured ActionID of every frame in `text` to `actionId`, or
 * inserts one after the first line when the capture had none (a Login sent
 * without ActionID, as in login-bad.txt; Asterisk echoes a given ActionID).
 */
export function withActionId(text: string, actionId: string): string {
  const captured = /^ActionID: (.*)\r$/m.exec(text)?.[1];
  if (captured !== undefined)
    return text.split(`ActionID: ${captured}\r\n`).join(`ActionID: ${actionId}\r\n`);
  const firstBreak = text.indexOf('\r\n');
  return `${text.slice(0, firstBreak + 2)}ActionID: ${actionId}\r\n${text.slice(firstBreak + 2)}`;
}

/** Splits off the banner line of a captured session start. */
export function splitBanner(text: string): { banner: string; rest: string } {
  const at = text.indexOf('\r\n') + 2;
  return { banner: text.slice(0, at), rest: text.slice(at) };
}

type Behaviour = (conn: PeerConnection, action: ReceivedAction) => void;

/** The server side of one client connection. */
export class PeerConnection {
  readonly actions: ReceivedAction[] = [];
  rawReceived = '';
  private buffer = '';
  private waiters: Array<{ name: string | undefined; resolve: (a: ReceivedAction) => void }> = [];
  readonly closed: Promise<void>;

  constructor(
    readonly socket: Socket,
    private readonly behaviour: Behaviour,
  ) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Resolves with the next action received (optionally of a given name). */
  nextAction(name?: string): Promise<ReceivedAction> {
    return new Promise((resolve) => this.waiters.push({ name, resolve }));
  }

  write(data: string): void {
    if (!this.socket.destroyed) this.socket.write(data, 'latin1');
  }

  /** Writes `data` one byte per write call, the worst TCP segmentation possible. */
  writeByteByByte(data: string): void {
    for (const ch of data) this.write(ch);
  }

  private onData(chunk: string): void {
    this.rawReceived += chunk;
    this.buffer += chunk;
    let end = this.buffer.indexOf('\r\n\r\n');
    while (end !== -1) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 4);
      this.onAction(parseFrame(frame));
      end = this.buffer.indexOf('\r\n\r\n');
    }
  }

  private onAction(action: ReceivedAction): void {
    this.actions.push(action);
    const name = action.get('Action');
    const index = this.waiters.findIndex((w) => w.name === undefined || w.name === name);
    if (index !== -1) this.waiters.splice(index, 1)[0]?.resolve(action);
    this.behaviour(this, action);
  }
}

function parseFrame(frame: string): ReceivedAction {
  const pairs = frame.split('\r\n').map((line): [string, string] => {
    const at = line.indexOf(': ');
    return at === -1 ? [line, ''] : [line.slice(0, at), line.slice(at + 2)];
  });
  const all = (key: string) => pairs.filter(([k]) => k === key).map(([, v]) => v);
  return { pairs, get: (key) => all(key)[0], getAll: all };
}

const LOGIN = splitBanner(amiFixture('login-success.txt'));

/** Answers Login, Ping and Logoff the way the captured Asterisk did. */
export const standardBehaviour: Behaviour = (conn, action) => {
  const id = action.get('ActionID') ?? '';
  switch (action.get('Action')) {
    case 'Login':
      conn.write(withActionId(LOGIN.rest, id));
      break;
    case 'Ping':
      conn.write(withActionId(amiFixture('ping-reply.txt'), id));
      break;
    case 'Logoff':
      conn.write(withActionId(amiFixture('logoff-reply.txt'), id));
      conn.socket.end();
      break;
  }
};

/** The fake server. */
export class FakeAmiPeer {
  readonly connections: PeerConnection[] = [];
  private waiters: Array<(c: PeerConnection) => void> = [];
  private onConnection: ((c: PeerConnection) => void) | undefined;

  private constructor(
    private readonly server: Server,
    private readonly behaviour: Behaviour,
    private readonly banner: string,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Starts a peer on an ephemeral port. */
  static async start(
    behaviour: Behaviour = standardBehaviour,
    banner = LOGIN.banner,
  ): Promise<FakeAmiPeer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeAmiPeer(server, behaviour, banner);
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return address.port;
  }

  /** Resolves with the connection number `index` (0-based) once it exists. */
  connection(index: number): Promise<PeerConnection> {
    const existing = this.connections[index];
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve) => {
      const check = (c: PeerConnection) => {
        if (this.connections[index] === c) resolve(c);
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  /** Runs `handler` on every new connection (after the banner was written). */
  whenConnected(handler: (c: PeerConnection) => void): void {
    this.onConnection = handler;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const conn = new PeerConnection(socket, this.behaviour);
    this.connections.push(conn);
    conn.write(this.banner);
    this.onConnection?.(conn);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(conn);
  }
}
