/**
 * The checks /readyz runs, one per dependency, each saying what is wrong
 * rather than only "down": the database (with the error it gave), each ARI
 * and AMI connection (from the PBX link), Redis when configured (live bus
 * and rate limits, which keep serving this instance alone while it is away)
 * and the record writer (degraded while records wait in the outbox).
 * Composition lists them for the HTTP server; nothing here does I/O of its
 * own beyond calling the probes it is given.
 */
import type { Readiness, ReadinessCheck } from './server.ts';

/** What the checks look at; each part is optional so a deployment lists what it has. */
export interface ReadinessSources {
  /** Resolves when the database answers. */
  database?: () => Promise<void>;
  /** Readiness of each PBX connection (PbxLink / NodeSet `readiness()`). */
  pbx?: () => Readiness[];
  /** The live bus's Redis state (undefined without Redis). */
  liveBus?: { health(): { ok: boolean; detail: string } | undefined };
  /** The rate limits' Redis state (undefined without Redis). */
  rateLimits?: { health(): { ok: boolean; detail: string } | undefined };
  /** The durable record writer. */
  records?: { degraded(): boolean; outboxSize(): number };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The database answers a ping; else its error. */
export function databaseCheck(ping: () => Promise<void>): ReadinessCheck {
  return async () => {
    try {
      await ping();
      return { name: 'database', ok: true };
    } catch (error) {
      return { name: 'database', ok: false, detail: `unreachable: ${message(error)}` };
    }
  };
}

/**
 * Redis as the live bus and the limits see it. Redis away is not fatal
 * (this instance goes on alone), but an orchestrator routing by /readyz
 * should know the instance no longer shares feeds and counts.
 */
export function redisCheck(
  sources: Pick<ReadinessSources, 'liveBus' | 'rateLimits'>,
): ReadinessCheck {
  return async () => {
    const parts: Readiness[] = [];
    const live = sources.liveBus?.health();
    if (live) parts.push({ name: 'redis:live', ...live });
    const limits = sources.rateLimits?.health();
    if (limits) parts.push({ name: 'redis:limits', ...limits });
    return parts;
  };
}

/** The record writer: not ready while records wait in the outbox for the database. */
export function recordWriterCheck(
  writer: NonNullable<ReadinessSources['records']>,
): ReadinessCheck {
  return async () => {
    if (!writer.degraded()) return { name: 'records', ok: true };
    return {
      name: 'records',
      ok: false,
      detail: `degraded: ${writer.outboxSize()} records wait in the outbox for the database`,
    };
  };
}

/** Every check for what `sources` has. */
export function readinessChecks(sources: ReadinessSources): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  if (sources.database) checks.push(databaseCheck(sources.database));
  const pbx = sources.pbx;
  if (pbx) checks.push(async () => pbx());
  if (sources.liveBus?.health() || sources.rateLimits?.health()) checks.push(redisCheck(sources));
  if (sources.records) checks.push(recordWriterCheck(sources.records));
  return checks;
}
