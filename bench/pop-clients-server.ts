/**
 * Child-process entry of the screen-pop benchmark: the agents' widgets
 * without a browser. For each token of `BENCH_POP` it opens its own
 * graphql-ws connection with that token and follows `agentEvents` with
 * the widget's own query, as the widget does. Sends `{ type: 'ready' }`
 * once every feed delivered its first message (the agent's current
 * state: the subscription is in place), then batches of
 * `{ callId, at }` for each screen pop received, `at` in epoch ms with
 * sub-millisecond precision (comparable with the parent's stamps).
 * Closes every connection and exits on `'close'`.
 */
import { performance } from 'node:perf_hooks';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

const { url, tokens } = JSON.parse(process.env.BENCH_POP ?? '{}') as {
  url: string;
  tokens: string[];
};

/** The widget's subscription (src/widget/agent/desk-api.ts), fields and all. */
const AGENT_EVENTS = `subscription {
  agentEvents {
    __typename
    ... on AgentStateChange { from to at reason callId }
    ... on ScreenPop {
      callId ani dnis queueId queueName waitS at returning ivrPath dispositions dispositionRequired
      contact { id name company notes }
      history { startedAt agentName queueName disposition notes }
    }
  }
}`;

interface PopData {
  agentEvents: { __typename: string; callId?: string | null } | null;
}

const now = () => performance.timeOrigin + performance.now();
let pending: Array<{ callId: string; at: number }> = [];
let flushing = false;
/** Pops go to the parent in batches so that IPC does not cost one message per pop. */
function report(callId: string, at: number): void {
  pending.push({ callId, at });
  if (flushing) return;
  flushing = true;
  setImmediate(() => {
    flushing = false;
    const batch = pending;
    pending = [];
    process.send?.({ type: 'pops', pops: batch });
  });
}

const clients: Client[] = [];
let subscribed = 0;
for (const token of tokens) {
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: (error) => {
      process.stderr.write(`pop clients: connection failed: ${String(error)}\n`);
    },
  });
  clients.push(client);
  let first = true;
  client.subscribe(
    { query: AGENT_EVENTS },
    {
      next: (result) => {
        const at = now();
        const event = (result.data as PopData | undefined)?.agentEvents;
        if (first) {
          first = false;
          subscribed += 1;
          if (subscribed === tokens.length) process.send?.({ type: 'ready' });
        }
        if (event?.__typename === 'ScreenPop' && event.callId) report(event.callId, at);
      },
      error: (error) => process.stderr.write(`pop clients: feed failed: ${String(error)}\n`),
      complete: () => {},
    },
  );
}

process.on('message', (m: 'close') => {
  if (m !== 'close') return;
  void Promise.all(clients.map((c) => c.dispose())).then(() => process.exit(0));
});
