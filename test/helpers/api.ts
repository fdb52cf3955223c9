/**
 * Builds callwright's API over a real store (SQLite in memory by default)
 * for integration tests, and a `gql()` that goes through the real yoga
 * handler: HTTP request in, JSON out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createGraphqlHandler } from '../../src/api/server.ts';
import type { Actor } from '../../src/app/actor.ts';
import type { Clock } from '../../src/app/clock.ts';
import { createDialerService } from '../../src/app/dialer/dialer-service.ts';
import { createDialerEngine } from '../../src/app/dialer/engine.ts';
import type { DialerCallControl } from '../../src/app/dialer/ports.ts';
import type { RateLimits } from '../../src/app/rate-limits.ts';
import { createRetention } from '../../src/app/records/retention.ts';
import { createServices } from '../../src/app/services.ts';
import { createWebhookDispatcher } from '../../src/app/webhooks/webhook-dispatcher.ts';
import { createWebhookService } from '../../src/app/webhooks/webhook-service.ts';
import { openCsv } from '../../src/store/dialer/csv-source.ts';
import { createDialerStore } from '../../src/store/dialer/dialer-store.ts';
import { createIvrStore } from '../../src/store/ivr/ivr-store.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { recordingFilesIn } from '../../src/store/records/recording-files.ts';
import { createUrlSigner } from '../../src/store/records/url-signer.ts';
import { createSecretHasher } from '../../src/store/secrets.ts';
import { openStore } from '../../src/store/store.ts';
import { createWebhookStore } from '../../src/store/webhooks/webhook.repository.ts';
import { fakeAcdRuntime } from './acd.ts';

/** A GraphQL response as a client sees it. */
export interface GqlResult {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string; details?: unknown } }>;
}

/** A settable clock for tests. */
export function fakeClock(
  start = Date.UTC(2026, 10, 23, 9, 0, 0),
): Clock & { set(ms: number): void } {
  let now = start;
  return { now: () => now, set: (ms) => (now = ms) };
}

/** Starts the API over a fresh database. */
export async function createTestApi(
  databaseUrl = 'sqlite::memory:',
  options: { limits?: RateLimits } = {},
) {
  const logger = pino({ level: 'silent' });
  const clock = fakeClock();
  const store = await openStore({ databaseUrl, clock, logger });
  await migrateToLatest(store.knex);
  const hasher = createSecretHasher();
  // The ACD runtime with no PBX behind it: agent states work, calls never come.
  const acd = fakeAcdRuntime(store);
  await acd.runtime.start();
  const recordingsDir = mkdtempSync(join(tmpdir(), 'cw-api-recordings-'));
  const recordingFiles = recordingFilesIn(recordingsDir);
  // The IVR over the same database; voicemail audio comes from a table the test fills.
  const ivrStore = createIvrStore(store.knex, clock);
  const recordings = new Map<string, Buffer>();
  // Webhooks over the same database; receivers always accept (test/integration/webhooks.test.ts sends for real).
  const webhookStore = createWebhookStore(store.knex, clock);
  const webhookDispatcher = createWebhookDispatcher({
    store: webhookStore,
    send: async () => ({ statusCode: 204, error: null }),
    clock,
    logger,
    wakeUp: () => () => {},
  });
  const webhooks = createWebhookService({
    store,
    webhooks: webhookStore,
    dispatcher: webhookDispatcher,
    clock,
  });
  // The dialer over the same database, with no PBX behind it: its calls never go out
  // (test/integration/dialer-*.test.ts dial through the simulator).
  const dialerStore = createDialerStore(store.knex, clock);
  const noPbx = async () => ({ ok: false, reason: 'failed', detail: 'no PBX' }) as const;
  const dialerControl: DialerCallControl = {
    originateCallee: noPbx,
    runAmd: noPbx,
    originateAgent: noPbx,
    connect: noPbx,
    record: noPbx,
    play: noPbx,
    toQueue: noPbx,
    hangup: noPbx,
    destroyBridge: noPbx,
  };
  const dialer = createDialerService({
    store,
    dialer: dialerStore,
    engine: createDialerEngine({
      store: dialerStore,
      directory: store,
      control: dialerControl,
      agents: acd.runtime.outbound,
      timers: acd.time,
      clock,
      logger,
    }),
    openCsv,
    clock,
    logger,
  });
  const services = createServices({
    store,
    hasher,
    clock,
    logger,
    acd: acd.runtime,
    ivr: { store: ivrStore, recordings: { read: async (name) => recordings.get(name) ?? null } },
    webhooks,
    dialer,
    ...(options.limits && { limits: options.limits }),
    // Call recordings are read from a temp directory the test fills (`recordingsDir`).
    records: {
      files: recordingFiles,
      signer: createUrlSigner(),
      retention: createRetention({
        store,
        files: recordingFiles,
        clock,
        logger,
        metrics: { deleted: () => {}, finished: () => {} },
      }),
    },
  });
  const yoga = createGraphqlHandler({ services, logger });
  const adminKey = (await services.auth.bootstrapAdmin(undefined))!;
  const admin = (await services.auth.authenticate(adminKey, null)) as Actor;

  async function gql(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GqlResult> {
    const response = await yoga.fetch('http://callwright.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GqlResult;
  }

  return {
    store,
    dialerStore,
    ivrStore,
    recordings,
    /** Where call recording files are read from (the records feature). */
    recordingsDir,
    services,
    hasher,
    clock,
    yoga,
    gql,
    adminKey,
    admin,
    acd,
    close: async () => {
      await store.close();
      rmSync(recordingsDir, { recursive: true, force: true });
    },
  };
}

/** The API under test. */
export type TestApi = Awaited<ReturnType<typeof createTestApi>>;

/** First error code of a result, if any. */
export const errorCode = (result: GqlResult): string | undefined =>
  result.errors?.[0]?.extensions?.code;

/** `result.data[name]`, or a thrown error showing the whole result when absent. */
export function field<T>(result: GqlResult, name: string): T {
  const value = result.data?.[name];
  if (value === undefined || value === null) {
    throw new Error(`no ${name} in ${JSON.stringify(result)}`);
  }
  return value as T;
}

/** `extensions.details` of the first error, or a thrown error when absent. */
export function errorDetails<T>(result: GqlResult): T {
  const details = result.errors?.[0]?.extensions?.details;
  if (details === undefined) throw new Error(`no error details in ${JSON.stringify(result)}`);
  return details as T;
}
