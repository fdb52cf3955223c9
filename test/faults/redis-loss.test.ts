/**
 * Redis goes away under a running instance (REDIS_URL set) and comes back.
 * The live bus and the rate limits reach the real Redis (TEST_REDIS_URL,
 * default redis://127.0.0.1:6379) through a TCP relay the test cuts: open
 * connections are reset and new ones refused until it is restored.
 *
 * While Redis is away: live messages still reach this instance's
 * subscribers (single-instance mode), the limits still refuse the attempt
 * over quota (counted in memory), and /readyz's checks say Redis is down
 * and why. Once the relay accepts again both find Redis by themselves:
 * messages are shared with another instance again and the limits count in
 * Redis again. Every wait is on a connection state or a delivered message.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { Redis } from 'ioredis';
import pino from 'pino';
import { readinessChecks } from '../../src/api/readiness-checks.ts';
import type { Readiness } from '../../src/api/server.ts';
import type { AgentStateMessage, LiveMessage } from '../../src/app/live/live-events.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { createRedisLiveBus, type RedisLiveBus } from '../../src/pubsub/redis-live-bus.ts';
import { type OpenedLimits, openRateLimits } from '../../src/ratelimit/flexible-limits.ts';
import { startTcpCut, type TcpCut } from '../helpers/tcp-cut.ts';

const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const logger = pino({ level: 'silent' });
const prefix = `callwright-test:${randomUUID()}:`;
const closers: Array<() => Promise<unknown>> = [];
test.after.always(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
});

const state = (n: number): AgentStateMessage => ({
  type: 'agent-state',
  agentId: 'a1',
  from: 'available',
  to: 'ringing',
  reason: null,
  callId: `c${n}`,
  at: n,
});

/** Resolves with the next message a subscriber of `bus` gets on `agent:a1`. */
function nextMessage(bus: RedisLiveBus): Promise<LiveMessage> {
  return new Promise((resolve) => {
    const off = bus.subscribe('agent:a1', (message) => {
      off();
      resolve(message);
    });
  });
}

async function checksOf(bus: RedisLiveBus, limits: OpenedLimits): Promise<Readiness[]> {
  const checks = readinessChecks({ liveBus: bus, rateLimits: limits });
  return (await Promise.all(checks.map((check) => check()))).flat();
}

test('without Redis the instance serves alone, says so, and rejoins Redis by itself', async (t) => {
  const relay: TcpCut = await startTcpCut(redisUrl.hostname, Number(redisUrl.port || 6379));
  closers.push(() => relay.close());
  const viaRelay = new URL(redisUrl);
  viaRelay.hostname = '127.0.0.1';
  viaRelay.port = String(relay.port);
  const bus = createRedisLiveBus({ url: viaRelay.toString(), logger, prefix });
  closers.push(() => bus.close());
  // Another instance, reaching Redis directly.
  const other = createRedisLiveBus({ url: redisUrl.toString(), logger, prefix });
  closers.push(() => other.close());
  const settings = {
    login: { points: 2, durationS: 60 },
    originate: { points: 2, durationS: 60 },
  };
  const limits = openRateLimits(viaRelay.toString(), settings);
  closers.push(() => limits.close());
  const direct = new Redis(redisUrl.toString());
  closers.push(() => direct.quit());

  // A subscriber of each instance stays for the whole test.
  const local: LiveMessage[] = [];
  bus.subscribe('agent:a1', (m) => local.push(m));
  await Promise.all([bus.whenHealthy(true), other.whenHealthy(true), limits.ready()]);
  await Promise.all([bus.subscriptionsReady(), other.subscriptionsReady()]);
  t.true(
    (await checksOf(bus, limits)).every((c) => c.ok),
    'all green with Redis',
  );
  let seenByOther = nextMessage(other);
  const seenHere = nextMessage(bus);
  bus.publish('agent:a1', state(1));
  t.like(await seenByOther, { callId: 'c1' }, 'shared through Redis before the cut');
  t.like(await seenHere, { callId: 'c1' });

  relay.cut();
  await bus.whenHealthy(false);
  const here = nextMessage(bus);
  bus.publish('agent:a1', state(2));
  t.like(await here, { callId: 'c2' }, 'delivered here while Redis is away');
  const checks = await checksOf(bus, limits);
  const live = checks.find((c) => c.name === 'redis:live');
  t.false(live?.ok);
  t.regex(live?.detail ?? '', /Redis unreachable.*this instance only/);
  const counted = checks.find((c) => c.name === 'redis:limits');
  t.false(counted?.ok);
  t.regex(counted?.detail ?? '', /memory/);

  const key = `user:loss-${randomUUID()}`;
  await limits.limits.login.consume(key);
  await limits.limits.login.consume(key);
  const refused = await t.throwsAsync(limits.limits.login.consume(key), {
    instanceOf: DomainError,
  });
  t.is(refused?.code, 'RATE_LIMITED', 'the quota still holds, counted in memory');
  t.is(await direct.exists(`callwright:limit:login:${key}`), 0, 'nothing reached Redis');

  relay.restore();
  await Promise.all([bus.whenHealthy(true), limits.ready()]);
  await bus.subscriptionsReady();
  t.true(
    (await checksOf(bus, limits)).every((c) => c.ok),
    'green again',
  );
  seenByOther = nextMessage(other);
  const backHere = nextMessage(bus);
  bus.publish('agent:a1', state(3));
  t.like(await seenByOther, { callId: 'c3' }, 'shared through Redis again');
  t.like(await backHere, { callId: 'c3' });
  const again = `user:back-${randomUUID()}`;
  await limits.limits.login.consume(again);
  t.is(await direct.exists(`callwright:limit:login:${again}`), 1, 'counted in Redis again');
  t.deepEqual(
    local.map((m) => (m.type === 'agent-state' ? m.callId : m.type)),
    ['c1', 'c2', 'c3'],
    'the long-lived subscriber got each message once, in order',
  );
});
