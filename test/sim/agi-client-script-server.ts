/**
 * A tiny FastAGI server for tests: each accepted connection is handed to the
 * test as a line-oriented ScriptConn, the way an AGI script sees Asterisk.
 */
import { createServer, type Server, type Socket } from 'node:net';

/** The script's end of one FastAGI connection. */
export class ScriptConn {
  private buffer = '';
  private readonly lines: string[] = [];
  private readonly waiters: Array<(line: string | undefined) => void> = [];
  private ended = false;
  /** Resolves when Asterisk's side closed the socket. */
  readonly closed: Promise<void>;

  constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        this.push(this.buffer.slice(0, nl));
        this.buffer = this.buffer.slice(nl + 1);
      }
    });
    this.closed = new Promise((resolve) => {
      socket.on('end', () => {
        this.ended = true;
        for (const w of this.waiters.splice(0)) w(undefined);
        resolve();
      });
    });
  }

  private push(line: string): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(line);
    else this.lines.push(line);
  }

  /** Next line from Asterisk (without `\n`), or undefined once it closed. */
  readLine(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The agi_* block up to (not including) the empty line. */
  async readEnvironment(): Promise<string[]> {
    const out: string[] = [];
    for (
      let line = await this.readLine();
      line !== undefined && line !== '';
      line = await this.readLine()
    ) {
      out.push(line);
    }
    return out;
  }

  /** Sends a command and returns the first reply line. */
  async command(line: string): Promise<string | undefined> {
    this.socket.write(`${line}\n`);
    return this.readLine();
  }

  /** The script ends the session. */
  close(): void {
    this.socket.end();
  }
}

/** A FastAGI server whose connections go to `script`. */
export async function startScriptServer(
  script: (conn: ScriptConn) => Promise<void>,
): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    void script(new ScriptConn(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}
