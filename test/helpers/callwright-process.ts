/**
 * callwright as a separate process (`src/main.ts`, the real composition
 * root), for tests that kill it the hard way: its stdout is read for the
 * HTTP address it prints and for its JSON log lines; `kill()` sends SIGKILL
 * (nothing is flushed, nothing closes), `stop()` SIGTERM (a clean shutdown).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const URL_LINE = /GraphQL \+ GraphiQL: (http:\/\/[^/\s]+)\/graphql/;

/** One running callwright process. */
export interface CallwrightProcess {
  /** The HTTP address once it serves (a standby serves once it becomes active). */
  readonly httpUrl: string;
  /** Resolves with the HTTP address once it serves. */
  serving(): Promise<string>;
  readonly pid: number;
  /** JSON log lines printed so far. */
  readonly logs: Array<Record<string, unknown>>;
  /** The first log line matching, as soon as it is printed. */
  waitForLog(
    what: string,
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** GraphQL over HTTP with `token`. */
  gql<T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: Array<{ message: string }> }>;
  /** SIGKILL: the process dies where it stands. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
}

/**
 * Starts `src/main.ts` with `env` over the test's own environment; resolves
 * once it serves, or with `standby`, once it waits for the lease.
 */
export async function startCallwrightProcess(
  env: Record<string, string>,
  options: { standby?: boolean; startTimeoutMs?: number } = {},
): Promise<CallwrightProcess> {
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters = new Set<{ match: (l: Record<string, unknown>) => boolean; wake: () => void }>();
  let stderr = '';
  let exited = false;
  const exit = once(child, 'exit').then(() => {
    exited = true;
  });
  let pending = '';
  let httpUrl: string | undefined;
  let announce: (url: string) => void = () => {};
  const announced = new Promise<string>((resolve) => {
    announce = resolve;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
      const url = URL_LINE.exec(line);
      if (url?.[1] && httpUrl === undefined) {
        httpUrl = url[1];
        announce(httpUrl);
      }
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        logs.push(parsed);
        for (const w of [...waiters]) if (w.match(parsed)) w.wake();
      } catch {
        // A partial or foreign line: not a log record.
      }
    }
  });

  const failed = exit.then(() => {
    throw new Error(`callwright exited before serving: ${stderr}`);
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`callwright did not serve in time: ${stderr}`)),
      startTimeoutMs,
    ).unref(),
  );
  const standbyLine = new Promise<string>((resolve) => {
    const waiter = {
      match: (l: Record<string, unknown>) => l.msg === 'standby: waiting for the lease',
      wake: () => {
        waiters.delete(waiter);
        resolve('');
      },
    };
    waiters.add(waiter);
  });
  await Promise.race([options.standby ? standbyLine : announced, failed, timeout]);
  const urlNow = () => {
    if (httpUrl === undefined) throw new Error('callwright does not serve (yet)');
    return httpUrl;
  };

  return {
    get httpUrl() {
      return urlNow();
    },
    serving: () => announced,
    pid: child.pid ?? 0,
    logs,
    waitForLog(what, match, timeoutMs = 20_000) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no log line: ${what}`));
        }, timeoutMs);
        const waiter = {
          match,
          wake: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(logs.find(match) as Record<string, unknown>);
          },
        };
        waiters.add(waiter);
      });
    },
    async gql(token, query, variables = {}) {
      const response = await fetch(`${urlNow()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    async kill() {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}
