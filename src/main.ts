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
import { demoDidTable } from '../seeds/demo-routes.ts';
import { readinessChecks } from './api/readiness-checks.ts';
import { createHttpServer } from './api/server.ts';
import { seedDidTable } from './app/acd/did-seed.ts';
import { createPresenceLog } from './app/acd/presence-log.ts';
import { type AcdRuntime, createAcdRuntime } from './app/acd/runtime.ts';
import type { Clock } from './app/clock.ts';
import { publishDialerPops } from './app/dialer/dialer-pops.ts';
import { createDialerService } from './app/dialer/dialer-service.ts';
import { createDialerEngine, type DialerEngine } from './app/dialer/engine.ts';
import { createIvrPathLookup } from './app/live/ivr-paths.ts';
import { createLivePublisher } from './app/live/live-publisher.ts';
import { seedDemo } from './app/seed-demo.ts';
import { createServices } from './app/services.ts';
import { createAcdMetrics } from './asterisk/acd/acd-metrics.ts';
import { createAriAcdLink } from './asterisk/acd/ari-acd-link.ts';
import { pictureOf } from './asterisk/acd/pbx-picture.ts';
import { createWallTimers } from './asterisk/acd/wall-timers.ts';
import { createAriDialerLink } from './asterisk/dialer/dialer-ari.ts';
import { observeDialerMetrics } from './asterisk/dialer/dialer-metrics.ts';
import { startWithLease } from './compose-ha.ts';
import { composeIvr } from './compose-ivr.ts';
import { connectPbx } from './compose-pbx.ts';
import { startRecords } from './compose-records.ts';
import { startWebhooks } from './compose-webhooks.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { demoTrafficLevel, startDemoTraffic } from './demo/demo-traffic.ts';
import { openLiveBus } from './pubsub/open-live-bus.ts';
import { openRateLimits } from './ratelimit/flexible-limits.ts';
import { openCsv } from './store/dialer/csv-source.ts';
import { createDialerStore } from './store/dialer/dialer-store.ts';
import { migrateToLatest } from './store/migrate.ts';
import { createSecretHasher } from './store/secrets.ts';
import { openStore } from './store/store.ts';

/** A running callwright, for tests and for the CLI's shutdown. */
export interface Running {
  httpUrl: string;
  server: Server;
  /** Resolves once ARI and AMI are connected to the PBX. */
  pbxReady(): Promise<void>;
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
    logger,
  });
  await migrateToLatest(store.knex);
  const hasher = createSecretHasher();
  // Before anything can hand over a call record: an outbox left by the last run goes first.
  const records = await startRecords({ config, logger, registry, store, clock });
  const ivr = composeIvr({ config, logger, registry, store, clock, records: records.writer });

  // The reconcile hook may run as soon as ARI connects: it waits for the ACD to exist.
  let acdReady: (acd: AcdRuntime) => void = () => {};
  const acdBuilt = new Promise<AcdRuntime>((resolve) => {
    acdReady = resolve;
  });
  let dialerReady: (dialer: DialerEngine) => void = () => {};
  const dialerBuilt = new Promise<DialerEngine>((resolve) => {
    dialerReady = resolve;
  });
  const pbx = await connectPbx(config, logger, registry, {
    async reconcile(snapshot, liveChannelIds) {
      const acd = await acdBuilt;
      // Calls and agents a previous run left (kill, crash) are taken back before the rest.
      await acd.recover(pictureOf(snapshot, config.ARI_APP));
      await acd.reconcile(liveChannelIds);
      // The dialer's calls likewise (its agents are busy in the ACD by now).
      const dialer = await dialerBuilt;
      await dialer.reconcile(liveChannelIds, snapshot.listedAt);
    },
    // A node that went away took its calls (ended and recorded now) and its phones
    // (their agents are paused as unreachable until they say they are ready again).
    nodeLost(loss, liveChannelIds) {
      acdBuilt
        .then(async (acd) => {
          await acd.reconcile(liveChannelIds);
          acd.phonesLost(loss.phones);
        })
        .catch((error: unknown) =>
          log.error({ err: error, node: loss.node }, 'node loss not handled'),
        );
    },
    onAgiSession: ivr.onAgiSession,
  });
  // Transfers, conferences and click-to-dial dial numbers out through the first trunk.
  const acdLink = createAriAcdLink(pbx.link.ari, config.ARI_APP, logger, {
    trunk: config.PBX_TRUNKS.split(',')[0] ?? 'trunk',
  });
  const timers = createWallTimers(clock);
  const acd = createAcdRuntime({
    store,
    control: acdLink.control,
    timers,
    clock,
    logger,
    metrics: createAcdMetrics(registry),
    rng: Math.random,
    records: records.writer,
  });
  acdLink.subscribe((event) => acd.handle(event));
  // Agents' presence is saved at each change, for a restart to take them back as they were.
  const presence = createPresenceLog({ store, logger });
  acd.onEvent((event) => presence.handle(event));
  acdReady(acd);
  // Live feeds for subscriptions; through Redis when instances share them (REDIS_URL).
  const bus = openLiveBus(config.REDIS_URL, logger);
  const liveTimers = createWallTimers(clock);
  const ivrDeps = ivr.services(pbx.link.ari);
  const live = createLivePublisher({
    runtime: acd,
    store,
    bus,
    timers: liveTimers,
    clock,
    logger,
    // Screen pops show the IVR path the caller took (AGT-1).
    ivrPaths: createIvrPathLookup(ivrDeps.store.sessions),
  });
  // The outbound dialer: its own ARI legs, agents through the ACD's outbound API.
  const dialerLink = createAriDialerLink(pbx.link.ari, config.ARI_APP);
  const dialerStore = createDialerStore(store.knex, clock);
  const dialerEngine = createDialerEngine({
    store: dialerStore,
    directory: store,
    control: dialerLink.control,
    agents: acd.outbound,
    timers: createWallTimers(clock),
    clock,
    logger,
  });
  dialerLink.subscribe((event) => dialerEngine.handle(event));
  observeDialerMetrics(dialerEngine, registry);
  // Outbound screen pops go out on the agents' live feeds.
  publishDialerPops({ engine: dialerEngine, bus, clock });
  const dialer = createDialerService({
    store,
    dialer: dialerStore,
    engine: dialerEngine,
    openCsv,
    clock,
    logger,
  });
  // Webhooks (SEC-4): a durable outbox; deliveries an earlier run left pending go out once attached.
  const webhooks = startWebhooks({ store, clock, logger });
  // Login and click-to-dial limits; shared through Redis when REDIS_URL is set.
  const limits = openRateLimits(config.REDIS_URL);
  const services = createServices({
    store,
    hasher,
    clock,
    logger,
    acd,
    dialer,
    bus,
    ivr: ivrDeps,
    records: records.adapters,
    webhooks: webhooks.service,
    limits: limits.limits,
  });
  webhooks.attach(acd, store);
  records.attach({
    ami: pbx.link.ami,
    ari: pbx.link.ari,
    onAcdEvent: (listener) => acd.onEvent(listener),
    recordings: services.recordings,
  });

  const bootstrapKey = await services.auth.bootstrapAdmin(config.ADMIN_API_KEY);
  if (bootstrapKey) {
    // Printed once, on the console only: the database keeps just its hash.
    print(`\n  First start: admin API key (shown once, keep it safe):\n\n    ${bootstrapKey}\n\n`);
  }
  if (config.SEED_DEMO === 'auto' && (await seedDemo(store, hasher, demoData))) {
    for (const problem of await seedDidTable(store, demoDidTable)) {
      log.warn({ problem }, 'demo DID route not seeded');
    }
    for (const problem of await ivr.seedDemo()) log.warn({ problem }, 'demo IVR not seeded');
    log.info(
      { logins: 'sophie, morgan (supervisors), riley (qa), camille (agent)' },
      'demo data seeded',
    );
    print(
      `  Demo data loaded. Logins: sophie, morgan (supervisor), riley (qa), camille (agent); password "${demoData.password}".\n\n`,
    );
  }
  // After seeding, so the demo's queues and agents are there; PBX events wait until then.
  await acd.start();
  await dialerEngine.start();
  dialerReady(dialerEngine);
  const demoLevel = demoTrafficLevel(config.DEMO_TRAFFIC, config.SEED_DEMO);
  const demo =
    pbx.sim && demoLevel
      ? startDemoTraffic({
          level: demoLevel,
          sim: pbx.sim.control,
          pbxReady: () => pbx.link.ready(),
          acd,
          store,
          logger,
          routes: demoDidTable.dids,
        })
      : undefined;

  const server = createHttpServer({
    services,
    logger: logger.child({ component: 'http' }),
    registry,
    // One entry per dependency, saying what is wrong (readiness-checks.ts).
    readiness: readinessChecks({
      database: () => store.ping(),
      pbx: () => pbx.link.readiness(),
      liveBus: bus,
      rateLimits: limits,
      records: records.writer,
    }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.HTTP_PORT, config.HTTP_HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  const httpUrl = `http://localhost:${port}`;
  log.info({ url: `${httpUrl}/graphql` }, 'callwright is up');
  print(
    `  PBX: ${pbx.description}\n  GraphQL + GraphiQL: ${httpUrl}/graphql\n  Health: ${httpUrl}/healthz  Ready: ${httpUrl}/readyz  Metrics: ${httpUrl}/metrics\n\n`,
  );

  return {
    httpUrl,
    server,
    pbxReady: () => pbx.link.ready(),
    async stop() {
      await server.shutdown();
      await demo?.stop();
      await dialerEngine.stop();
      await acd.stop();
      await presence.settled();
      await webhooks.close();
      await limits.close();
      await records.close();
      await live.close();
      await bus.close();
      await pbx.close();
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
  // Active/standby: this instance starts once it holds the lease (compose-ha.ts).
  const stop =
    config.HA_LEASE !== 'off'
      ? await startWithLease(config, start, (code) => process.exit(code))
      : (await start(config)).stop;
  const shutdown = () => {
    stop().then(
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
