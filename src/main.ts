/**
 * The composition root: parses the configuration, builds every component,
 * wires them together and starts serving. Nothing else constructs loggers,
 * stores, servers or clients.
 */
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { demoData } from '../seeds/demo-data.ts';
import { createHttpServer } from './api/server.ts';
import type { Clock } from './app/clock.ts';
import { seedDemo } from './app/seed-demo.ts';
import { createServices } from './app/services.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { migrateToLatest } from './store/migrate.ts';
import { createSecretHasher } from './store/secrets.ts';
import { openStore } from './store/store.ts';

/** A running callwright, for tests and for the CLI's shutdown. */
export interface Running {
  httpUrl: string;
  server: Server;
  stop(): Promise<void>;
}

/** Starts callwright with `config`; resolves once it serves. */
export async function start(
  config: Config,
  print: (text: string) => void = (text) => process.stdout.write(text),
): Promise<Running> {
  const logger = pino({ level: config.LOG_LEVEL, base: { app: 'callwright' } });
  const log = logger.child({ component: 'main' });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'callwright_' });
  const clock: Clock = { now: () => Date.now() };

  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    clock,
    logger: logger.child({ component: 'store' }),
  });
  await migrateToLatest(store.knex);
  const hasher = createSecretHasher();
  const services = createServices({ store, hasher, clock, logger });

  const bootstrapKey = await services.auth.bootstrapAdmin(config.ADMIN_API_KEY);
  if (bootstrapKey) {
    // Printed once, on the console only: the database keeps just its hash.
    print(`\n  First start: admin API key (shown once, keep it safe):\n\n    ${bootstrapKey}\n\n`);
  }
  if (config.SEED_DEMO === 'auto' && (await seedDemo(store, hasher, demoData))) {
    log.info(
      { logins: 'sophie, morgan (supervisors), riley (qa), camille (agent)' },
      'demo data seeded',
    );
    print(
      `  Demo data loaded. Logins: sophie, morgan (supervisor), riley (qa), camille (agent); password "${demoData.password}".\n\n`,
    );
  }

  const server = createHttpServer({
    services,
    logger: logger.child({ component: 'http' }),
    registry,
    readiness: [
      async () => {
        await store.ping();
        return { name: 'database', ok: true };
      },
    ],
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.HTTP_PORT, config.HTTP_HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  const httpUrl = `http://localhost:${port}`;
  log.warn(
    { pbx: config.PBX },
    'PBX not connected: call handling is not wired yet; the API serves',
  );
  log.info({ url: `${httpUrl}/graphql` }, 'callwright is up');
  print(
    `  GraphQL + GraphiQL: ${httpUrl}/graphql\n  Health: ${httpUrl}/healthz  Ready: ${httpUrl}/readyz  Metrics: ${httpUrl}/metrics\n\n`,
  );

  return {
    httpUrl,
    server,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      log.info('callwright stopped');
    },
  };
}

async function cli(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`callwright: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const running = await start(config);
  const shutdown = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli().catch((error: unknown) => {
    process.stderr.write(
      `callwright: failed to start: ${String(error instanceof Error ? error.stack : error)}\n`,
    );
    process.exit(1);
  });
}
