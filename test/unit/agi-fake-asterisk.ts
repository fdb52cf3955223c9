/**
 * A fake Asterisk for FastAGI tests: connects to the server under test like
 * res_agi does, writes the `agi_*` block and replies line by line, and lets
 * the test await each command line the server writes.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

/** Reads a fixture under test/fixtures/agi. */
export function agiFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/agi/${name}`, import.meta.url), 'utf8');
}

/** One step of a captured exchange. */
export type Step =
  | { readonly dir: 'S->C' | 'C->S'; readonly line: string }
  | { readonly dir: 'closed' };

/** Parses fastagi-session-1.txt: `S->C "..."`, `C->S "..."`, `--- socket closed`. */
export function parseTranscript(text: string): Step[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l): Step => {
      if (l === '--- socket closed') return { dir: 'closed' };
      const m = /^(S->C|C->S) (".*")$/.exec(l);
      if (!m) throw new Error(`unexpected transcript line ${l}`);
      return { dir: m[1] as 'S->C' | 'C->S', line: JSON.parse(m[2] ?? '""') as string };
    });
}

/** The env block of the capture: every S->C line up to and including the blank one. */
export function capturedEnvBlock(): string {
  const steps = parseTranscript(agiFixture('fastagi-session-1.txt'));
  const end = steps.findIndex((s) => s.dir === 'S->C' && s.line === '');
  return steps
    .slice(0, end + 1)
    .map((s) => (s.dir === 'S->C' ? `${s.line}\n` : ''))
    .join('');
}

/** Asterisk's side of one FastAGI connection. */
export class FakeAsterisk {
  readonly received: string[] = [];
  readonly closed: Promise<void>;
  private buffer = '';
  private waiters: Array<(line: string) => void> = [];
  private unread: string[] = [];

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Connects to the server under test. */
  static connect(port: number): Promise<FakeAsterisk> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new FakeAsterisk(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes raw text (lines must carry their own LF). */
  write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** Writes one line followed by LF, as res_agi does. */
  send(line: string): void {
    this.write(`${line}\n`);
  }

  /** Resolves with the next command line the server wrote. */
  nextLine(): Promise<string> {
    const line = this.unread.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Plays a captured exchange: writes every S->C line, and for every C->S
   * line waits for the server's next line. Returns what the server wrote.
   */
  async replay(steps: readonly Step[]): Promise<string[]> {
    const got: string[] = [];
    for (const step of steps) {
      if (step.dir === 'S->C') this.send(step.line);
      else if (step.dir === 'C->S') got.push(await this.nextLine());
      else this.socket.end();
    }
    return got;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl = this.buffer.indexOf('\n');
    while (nl !== -1) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.received.push(line);
      const waiter = this.waiters.shift();
      if (waiter) waiter(line);
      else this.unread.push(line);
      nl = this.buffer.indexOf('\n');
    }
  }
}
