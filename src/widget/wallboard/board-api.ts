/**
 * The GraphQL operations of the wallboard: live queues and their feed
 * (`liveQueues`, `queueStats`), the agents with their live state, call
 * phase changes (`callEvents`) and the day's call records. Roles: admin,
 * supervisor, qa (the queue feed and the agent list need them).
 */
import type { CallwrightClient } from '../lib/graphql-client.ts';
import type { BoardQueue, DayCall } from './board-figures.ts';

/** Members of a queue in one status. */
export interface StatusCount {
  status: string;
  count: number;
}

/** A queue's live figures. */
export interface LiveFigures {
  queue: BoardQueue;
  waiting: number;
  longestWaitS: number | null;
  agentsByStatus: StatusCount[];
  /** When the figures were taken (epoch ms), for the longest wait to keep counting. */
  at: number;
}

/** An agent on the board. */
export interface BoardAgent {
  id: string;
  name: string;
  extension: string;
  status: string;
  since: number | null;
  reason: string | null;
}

const QUEUE_FIELDS = 'queue { id name serviceLevelS serviceLevelTarget }';

interface RawFigures {
  queue: BoardQueue;
  waiting: number;
  longestWaitS: number | null;
  agentsByStatus: StatusCount[] | null;
  at?: string | null;
}

const figuresOf = (raw: RawFigures, receivedAt: number): LiveFigures => ({
  queue: raw.queue,
  waiting: raw.waiting,
  longestWaitS: raw.longestWaitS,
  agentsByStatus: raw.agentsByStatus ?? [],
  at: raw.at ? Date.parse(raw.at) : receivedAt,
});

/** Every queue the token may see, with its figures of now. */
export async function liveQueues(client: CallwrightClient): Promise<LiveFigures[]> {
  const data = await client.request<{ liveQueues: RawFigures[] | null }>(
    `{ liveQueues { ${QUEUE_FIELDS} waiting longestWaitS agentsByStatus { status count } } }`,
  );
  const now = Date.now();
  return (data.liveQueues ?? []).map((raw) => figuresOf(raw, now));
}

/** Follows the queue figures (at most four changes a second per queue). */
export function followQueues(
  client: CallwrightClient,
  onFigures: (figures: LiveFigures) => void,
  onError: (error: Error) => void,
): () => void {
  return client.subscribe<{ queueStats: RawFigures | null }>(
    `subscription { queueStats { ${QUEUE_FIELDS} waiting longestWaitS at agentsByStatus { status count } } }`,
    {},
    (data) => {
      if (data.queueStats) onFigures(figuresOf(data.queueStats, Date.now()));
    },
    onError,
  );
}

/** Follows call phase changes (a call waits, connects, ends...). */
export function followCalls(
  client: CallwrightClient,
  onChange: (phase: string) => void,
  onError: (error: Error) => void,
): () => void {
  return client.subscribe<{ callEvents: { to: string } | null }>(
    'subscription { callEvents { to } }',
    {},
    (data) => {
      if (data.callEvents) onChange(data.callEvents.to);
    },
    onError,
  );
}

/** The agents the token may see, with their live state. */
export async function boardAgents(client: CallwrightClient): Promise<BoardAgent[]> {
  const data = await client.request<{
    agents: {
      edges: Array<{
        node: {
          id: string;
          name: string;
          extension: string;
          liveState: { status: string; since: string | null; reason: string | null } | null;
        };
      }>;
    };
  }>(
    '{ agents(first: 200) { edges { node { id name extension liveState { status since reason } } } } }',
  );
  return data.agents.edges.map(({ node }) => ({
    id: node.id,
    name: node.name,
    extension: node.extension,
    status: node.liveState?.status ?? 'LOGGED_OUT',
    since: node.liveState?.since ? Date.parse(node.liveState.since) : null,
    reason: node.liveState?.reason ?? null,
  }));
}

/** Most pages of records read for one day (200 calls each). */
const MAX_PAGES = 25;

/** The call records started at or after `from`. */
export async function dayCalls(client: CallwrightClient, from: number): Promise<DayCall[]> {
  const calls: DayCall[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const data: {
      calls: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: Array<{ node: DayCall }>;
      };
    } = await client.request(
      `query($from: DateTime, $after: String) { calls(first: 200, after: $after, filter: { from: $from }) {
        pageInfo { hasNextPage endCursor }
        edges { node { id startedAt answeredAt endedAt direction queue { id } } } } }`,
      { from: new Date(from).toISOString(), after },
    );
    calls.push(...data.calls.edges.map((e) => e.node));
    if (!data.calls.pageInfo.hasNextPage) break;
    after = data.calls.pageInfo.endCursor;
  }
  return calls;
}
