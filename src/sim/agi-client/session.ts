/**
 * The simulator's side of `AGI(agi://host:port/script,args)`: connects to
 * the FastAGI server, writes the agi_* environment, then reads commands one
 * line at a time and carries them out on the channel, answering as
 * res_agi.c does. Observed behaviour it reproduces
 * (transcripts/fastagi-session-1.txt, README "Observed behaviour"):
 * - after the script's own `HANGUP`: `200 result=1`, two bare `HANGUP`
 *   lines, then the socket is closed;
 * - when the caller hangs up: one `HANGUP` line (after the reply of a
 *   command in progress), then commands that need a live channel get 511;
 * - AGISTATUS: FAILURE when the server cannot be reached, HANGUP when the
 *   channel hung up during the session, SUCCESS when the script just closed.
 *
 * The core's AppHost.agi() calls runFastAgi() with the loaded Dialplan (for
 * EXEC and variables).
 */
import { connect, type Socket } from 'node:net';
import { type AppHost, ChannelHungUp, type DialplanChannel } from '../dialplan/app-host.ts';
import { setChannelVar } from '../dialplan/vars.ts';
import { findCommand } from './command-table.ts';
import type { AgiCommand, AgiDialplan, AgiOutcome } from './command-types.ts';
import {
  type AgiEnvironmentExtras,
  agiEnvironment,
  DEFAULT_EXTRAS,
  formatEnvironment,
} from './environment.ts';
import { parseAgiArgs } from './parse-args.ts';
import { DEAD_CHANNEL, HANGUP_NOTICE, INVALID_COMMAND, ok, usage } from './responses.ts';
import { parseAgiUrl } from './url.ts';

/** The AGISTATUS values. */
export type AgiStatus = 'SUCCESS' | 'FAILURE' | 'HANGUP';

/** Per-command notification, for the AGIExecStart/AGIExecEnd AMI events. */
export interface AgiExecEvent {
  phase: 'start' | 'end';
  commandId: number;
  /** The command line as the script sent it. */
  command: string;
  /** On `end`: 200, 510, 511 or 520. */
  resultCode?: number;
  /** On `end`: Success, Failure, Usage, or the 510/511 text. */
  result?: string;
}

/** Options of {@link runFastAgi}. */
export interface FastAgiOptions {
  channel: DialplanChannel;
  host: AppHost;
  dialplan: AgiDialplan;
  /** `agi://host[:port]/script?query`, already substituted. */
  url: string;
  args: readonly string[];
  extras?: Partial<AgiEnvironmentExtras>;
  /** Asterisk gives up connecting after 2 s (MAX_AGI_CONNECT). */
  connectTimeoutMs?: number;
  onExec?: (e: AgiExecEvent) => void;
}

const MAX_AGI_CONNECT_MS = 2000;

/** Runs one FastAGI session; resolves with (and sets) AGISTATUS. */
export async function runFastAgi(opts: FastAgiOptions): Promise<AgiStatus> {
  const { channel: ch, host } = opts;
  const url = parseAgiUrl(opts.url);
  let socket: Socket | undefined;
  if (url) {
    try {
      socket = await open(url.host, url.port, opts.connectTimeoutMs ?? MAX_AGI_CONNECT_MS);
    } catch (e) {
      host.log('warn', `Connecting to '${opts.url}' failed: ${(e as Error).message}`, {
        channel: ch.name,
      });
    }
  } else {
    host.log('warn', `Invalid FastAGI URL '${opts.url}'`, { channel: ch.name });
  }
  if (!url || !socket) {
    setChannelVar(ch, host, 'AGISTATUS', 'FAILURE');
    return 'FAILURE';
  }
  const extras = { ...DEFAULT_EXTRAS, ...opts.extras };
  socket.write(formatEnvironment(agiEnvironment(ch, url, opts.args, extras)));
  const status = await new AgiSession(opts, socket).done;
  setChannelVar(ch, host, 'AGISTATUS', status);
  return status;
}

function open(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('connect timeout'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** One connected session: command loop plus hang-up notification. */
class AgiSession {
  readonly done: Promise<AgiStatus>;
  private resolveDone!: (s: AgiStatus) => void;
  private chain: Promise<void> = Promise.resolve();
  private buffer = '';
  private busy = false;
  private pendingHangup = false;
  private notified = false;
  private hungUpDuringSession = false;
  private finished = false;
  private nextCommandId = 1;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly opts: FastAgiOptions,
    private readonly socket: Socket,
  ) {
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    // A channel that is already gone (AGI from the h extension) runs dead from the start.
    const startedDead = opts.channel.hungUp;
    this.unsubscribe = opts.host.onHangup(opts.channel, () => {
      if (!startedDead) this.onChannelHangup();
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => this.enqueue(async () => this.finish()));
    socket.on('close', () => this.enqueue(async () => this.finish()));
  }

  private enqueue(job: () => Promise<void>): void {
    this.chain = this.chain.then(job).catch((e: unknown) => {
      this.opts.host.log('error', `FastAGI session failed: ${(e as Error).message}`, {
        channel: this.opts.channel.name,
      });
      this.finish();
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.enqueue(() => this.handle(line));
    }
  }

  private write(lines: string[]): void {
    if (!this.socket.destroyed) this.socket.write(lines.map((l) => `${l}\n`).join(''));
  }

  private onChannelHangup(): void {
    this.hungUpDuringSession = true;
    if (this.finished || this.notified) return;
    // res_agi notices the hang-up between commands: a running command answers first.
    if (this.busy) this.pendingHangup = true;
    else this.notifyHangup();
  }

  private notifyHangup(): void {
    this.notified = true;
    this.write([HANGUP_NOTICE]);
  }

  private async handle(line: string): Promise<void> {
    if (this.finished) return;
    const argv = parseAgiArgs(line);
    const cmd = findCommand(argv);
    const commandId = this.nextCommandId++;
    this.opts.onExec?.({ phase: 'start', commandId, command: line });
    const end = (resultCode: number, result: string) =>
      this.opts.onExec?.({ phase: 'end', commandId, command: line, resultCode, result });
    if (!cmd) {
      this.write([INVALID_COMMAND]);
      end(510, 'Invalid or unknown command');
      return;
    }
    if (this.opts.channel.hungUp && !cmd.deadOk) {
      this.write([DEAD_CHANNEL]);
      end(511, 'Command Not Permitted on a dead channel or intercept routine');
      return;
    }
    await this.execute(cmd, argv, end);
  }

  private async execute(
    cmd: AgiCommand,
    argv: string[],
    end: (code: number, result: string) => void,
  ): Promise<void> {
    this.busy = true;
    const outcome = await this.runCommand(cmd, argv);
    this.busy = false;
    if ('usage' in outcome) {
      this.write(usage(cmd.usage));
      end(520, 'Usage');
      return;
    }
    this.write([outcome.reply]);
    end(200, outcome.failed ? 'Failure' : 'Success');
    if (outcome.hungUpByScript) {
      // As captured: the reply, two bare HANGUP lines, then Asterisk closes.
      this.write([HANGUP_NOTICE, HANGUP_NOTICE]);
      this.notified = true;
      this.hungUpDuringSession = true;
      this.socket.end();
      this.finish();
    } else if (this.pendingHangup) {
      this.pendingHangup = false;
      this.notifyHangup();
    }
  }

  private async runCommand(cmd: AgiCommand, argv: string[]): Promise<AgiOutcome> {
    try {
      const { channel: ch, host, dialplan } = this.opts;
      return await cmd.run({ ch, host, dialplan }, argv);
    } catch (e) {
      if (!(e instanceof ChannelHungUp)) {
        this.opts.host.log('error', `AGI ${cmd.words.join(' ')} failed: ${(e as Error).message}`, {
          channel: this.opts.channel.name,
        });
      }
      return { reply: ok(-1), failed: true };
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.unsubscribe();
    if (!this.socket.destroyed) this.socket.end();
    this.resolveDone(this.hungUpDuringSession ? 'HANGUP' : 'SUCCESS');
  }
}
