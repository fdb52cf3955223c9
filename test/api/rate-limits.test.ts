/**
 * Rate limits on login and click-to-dial: past the limit the API answers
 * RATE_LIMITED with `retryAfterS`; successful logins do not use up the
 * quota; the limits work in memory and, shared between instances, in Redis
 * (TEST_REDIS_URL, default redis://127.0.0.1:6379).
 */
import test from 'ava';
import { limitOriginate } from '../../src/app/rate-limits.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { openRateLimits } from '../../src/ratelimit/flexible-limits.ts';
import { createTestApi } from '../helpers/api.ts';
import { buildOrg } from '../helpers/org.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOGIN = `mutation($u: String!, $p: String!) {
  r: login(username: $u, password: $p) {
    __typename ... on Problem { code details } ... on MutationLoginSuccess { data { token } }
  }
}`;

test('login: wrong passwords are refused until the limit, then RATE_LIMITED with retryAfterS', async (t) => {
  const limits = openRateLimits(undefined, {
    login: { points: 3, durationS: 60 },
    originate: { points: 100, durationS: 60 },
  });
  const api = await createTestApi('sqlite::memory:', { limits: limits.limits });
  t.teardown(() => api.close());
  await buildOrg(api);
  const attempt = async (password: string) =>
    (await api.gql(LOGIN, { u: 'qa-a', p: password })).data?.r as {
      __typename: string;
      code?: string;
      details?: { retryAfterS?: number; limit?: string };
    };

  // A successful login gives its point back: any number of them is fine.
  for (let i = 0; i < 4; i += 1) {
    t.is((await attempt('correct horse battery')).__typename, 'MutationLoginSuccess');
  }
  for (let i = 0; i < 3; i += 1) t.is((await attempt('wrong')).code, 'INVALID_CREDENTIALS');
  const refused = await attempt('correct horse battery');
  t.is(refused.code, 'RATE_LIMITED');
  t.is(refused.details?.limit, 'login');
  t.true((refused.details?.retryAfterS ?? 0) >= 1 && (refused.details?.retryAfterS ?? 0) <= 60);
  // Another user name is not locked out by the first one's failures.
  t.is((await api.gql(LOGIN, { u: 'agent-a1', p: 'wrong' })).data?.r && 'ok', 'ok');
});

test('originate: each caller gets its own quota of dials', async (t) => {
  const limits = openRateLimits(undefined, {
    login: { points: 100, durationS: 60 },
    originate: { points: 2, durationS: 60 },
  });
  const dialled: string[] = [];
  const service = limitOriginate(
    {
      originate: async (_actor: { userId: string }, number: string) => {
        dialled.push(number);
        return { callId: number, channelId: null };
      },
    },
    limits.limits.originate,
  );
  const actor = (userId: string) =>
    ({
      userId,
      username: userId,
      role: 'agent',
      agentId: userId,
      businessLineIds: [],
      via: 'session',
      source: null,
    }) as const;
  await service.originate(actor('u1'), '+33100000001');
  await service.originate(actor('u1'), '+33100000002');
  const error = await t.throwsAsync(service.originate(actor('u1'), '+33100000003'), {
    instanceOf: DomainError,
  });
  t.is(error?.code, 'RATE_LIMITED');
  t.like(error?.details, { limit: 'originate' });
  await service.originate(actor('u2'), '+33100000004');
  t.deepEqual(dialled, ['+33100000001', '+33100000002', '+33100000004']);
});

test('with Redis, two instances share one quota', async (t) => {
  const settings = {
    login: { points: 2, durationS: 60 },
    originate: { points: 2, durationS: 60 },
  };
  const a = openRateLimits(REDIS_URL, settings);
  const b = openRateLimits(REDIS_URL, settings);
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  await Promise.all([a.ready(), b.ready()]);
  const key = `user:test-${crypto.randomUUID()}`;
  await a.limits.login.consume(key);
  await b.limits.login.consume(key);
  const error = await t.throwsAsync(a.limits.login.consume(key), { instanceOf: DomainError });
  t.is(error?.code, 'RATE_LIMITED');
  // The refused attempt counted too (3 of 2): two refunds from the other instance free one.
  await b.limits.login.refund(key);
  await b.limits.login.refund(key);
  await t.notThrowsAsync(a.limits.login.consume(key));
});
