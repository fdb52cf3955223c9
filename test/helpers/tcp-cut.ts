/**
 * A TCP relay the tests put between callwright and a real server so they can
 * cut the connection the way a network fault or a crashed server does:
 * `cut()` resets every open connection and refuses new ones, `restore()`
 * accepts them again.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpCut {
  /** The local port to connect to instead of the server's. */
  readonly port: number;
  cut(): void;
  restore(): void;
  /** Connections refused while cut. */
  refused(): number;
  close(): Promise<void>;
}

/** Starts a relay on an ephemeral port to `host:port`. */
export async function startTcpCut(host: string, port: number): Promise<TcpCut> {
  let down = false;
  let refused = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (down) {
      refused += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host, port });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('relay has no port');
  return {
    port: address.port,
    cut() {
      down = true;
      for (const s of open) s.resetAndDestroy();
    },
    restore() {
      down = false;
    },
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
