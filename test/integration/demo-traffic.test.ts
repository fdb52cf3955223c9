/**
 * `npm start` with the simulator runs demo traffic: the demo agents are
 * logged in and ready, calls arrive on the demo DIDs, and GraphQL shows
 * them: a call entering a queue (callEvents), agents changing state
 * (queueStats), calls in progress (liveCalls). Started in-process as the
 * CLI starts it, with DEMO_TRAFFIC=busy so the first calls come quickly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { loadConfig } from '../../src/config.ts';
import { type Running, start } from '../../src/main.ts';
import { subscribeSse } from '../helpers/live-clients.ts';

const dir = mkdtempSync(join(tmpdir(), 'callwright-demo-'));
let running: Running;
let printed = '';

test.before(async () => {
  running = await start(
    loadConfig({
      DATABASE_URL: `sqlite:${join(dir, 'cw.sqlite')}`,
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      ARI_URL: 'http://127.0.0.1:0',
      AMI_PORT: '0',
      AGI_PORT: '0',
      LOG_LEVEL: 'silent',
      DEMO_TRAFFIC: 'busy',
    }),
    (text) => {
      printed += text;
    },
  );
});
test.after.always(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Stats = { queue: { name: string }; agentsByStatus: Array<{ status: string; count: number }> };

test('demo calls reach the queues and agents take them, as GraphQL shows', async (t) => {
  const key = /admin API key[^\n]*\n\n\s+(\S+)/.exec(printed)?.[1];
  if (!key) throw new Error(`no admin key printed: ${printed}`);
  const stats = await subscribeSse(
    running.httpUrl,
    'subscription { queueStats { queue { name } waiting agentsByStatus { status count } } }',
    {},
    key,
  );
  const calls = await subscribeSse(
    running.httpUrl,
    'subscription { callEvents { callId queueName from to } }',
    {},
    key,
  );
  const entered = await calls.until('a demo call entering a queue', (r) => {
    return (r.data?.callEvents as { from: string | null }).from === null;
  });
  const queueName = (entered.data?.callEvents as { queueName: string }).queueName;
  t.true(['Sales', 'Billing', 'Helpdesk', 'Direct: Camille Martin'].includes(queueName), queueName);
  const busy = (s: Stats) =>
    s.agentsByStatus.some((c) => ['RINGING', 'ON_CALL'].includes(c.status) && c.count > 0);
  const taken = await stats.until('an agent ringing or on a call', (r) =>
    busy(r.data?.queueStats as Stats),
  );
  t.true(busy(taken.data?.queueStats as Stats));
  // Every demo agent was logged in: nobody is left logged out in the demo queues.
  const live = await fetch(`${running.httpUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      query:
        '{ liveQueues { queue { name } agentsByStatus { status count } } liveCalls { callId phase } }',
    }),
  });
  const body = (await live.json()) as {
    data: { liveQueues: Stats[]; liveCalls: Array<{ callId: string; phase: string }> };
  };
  const loggedOut = body.data.liveQueues.flatMap((q) =>
    q.agentsByStatus.filter((c) => c.status === 'LOGGED_OUT'),
  );
  t.deepEqual(loggedOut, []);
  t.true(Array.isArray(body.data.liveCalls));
  stats.close();
  calls.close();
});
