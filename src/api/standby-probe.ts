/**
 * What a standby instance answers on its HTTP port while another instance
 * is active: alive (`/healthz` 200, so a container supervisor leaves it
 * be) and not ready (`/readyz` 503, so a load balancer sends nobody to it).
 * Closed the moment the instance becomes active and opens the real server.
 */
import { createServer, type Server } from 'node:http';

/** The probe server and how to close it. */
export interface StandbyProbe {
  readonly server: Server;
  close(): Promise<void>;
}

/** Listens on `host:port` until closed. */
export async function serveStandbyProbe(host: string, port: number): Promise<StandbyProbe> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const [status, body] =
      path === '/healthz'
        ? [200, { status: 'ok', role: 'standby' }]
        : path === '/readyz'
          ? [503, { ready: false, role: 'standby', detail: 'another instance holds the lease' }]
          : [503, { error: 'STANDBY', message: 'this instance is on standby; use the active one' }];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
