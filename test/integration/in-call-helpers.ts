/**
 * Helpers for the in-call control scenarios (transfers, conferences,
 * supervisors, click-to-dial) on the ACD harness: agents made ready
 * through GraphQL, a caller connected to an agent, the call-control
 * mutations, what the simulator has bridged, and the call record. Every
 * wait is on a runtime event.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { RuntimeEvent } from '../../src/app/acd/runtime.ts';
import type { Actor } from '../../src/app/actor.ts';
import type { CallLeg, CallRecord } from '../../src/domain/call/call-record.ts';
import type { CoreEvent } from '../../src/sim/core/events.ts';
import { type AcdUnderTest, DID, startAcd } from './acd-harness.ts';

/** Harnesses started by a test file, closed by `closeAll`. */
export function harnesses() {
  const running: AcdUnderTest[] = [];
  return {
    async start(o: Parameters<typeof startAcd>[0] = {}): Promise<AcdUnderTest> {
      // Phones answer in 0.2 s; a long ring timeout keeps a slow machine from timing offers out.
      const a = await startAcd({ ringTimeoutS: 30, ...o });
      running.push(a);
      // Trunk callees answer quickly and stay until hung up.
      a.sim.control.setCallees([
        { pattern: '3$', kind: 'noanswer' },
        {
          pattern: '.*',
          kind: 'human',
          answerAfterS: { kind: 'fixed', value: 0.2 },
          talkS: { kind: 'fixed', value: 3600 },
        },
      ]);
      return a;
    },
    async closeAll(): Promise<void> {
      for (const a of running) await a.close();
    },
  };
}

/** Logs agent `i` in with its own API key: it is available (and may be offered a call at once). */
export async function loginReady(a: AcdUnderTest, i: 0 | 1): Promise<void> {
  const result = await a.gql(
    'mutation { r: agentLogin { __typename ... on Problem { code message } } }',
    {},
    a.tokens[i],
  );
  const r = result.data?.r as { __typename: string } | undefined;
  if (r?.__typename === 'Problem' || result.errors) {
    throw new Error(`agentLogin failed: ${JSON.stringify(result)}`);
  }
}

/** A caller connected to the agent of extension index `i` (the only one ready). */
export interface Connected {
  callId: string;
  agentId: string;
  /** The agent's leg bridged with the caller. */
  agentLeg: string;
}

/** Places a call on DID 5001 and waits until it is bridged; `i` must be the only ready agent. */
export async function connectCall(a: AcdUnderTest, i: 0 | 1, from = '+33612345678') {
  await loginReady(a, i);
  const mark = a.events.length;
  const { channelId } = a.sim.control.placeCall({ from, to: DID });
  await a.waitFor('call bridged', (e) => e.type === 'call-bridged' && e.callId === channelId, mark);
  const offer = a.events
    .slice(mark)
    .find((e) => e.type === 'offer-sent' && e.callId === channelId && e.agentId === a.agents[i]);
  if (offer?.type !== 'offer-sent') throw new Error('no offer');
  return { callId: channelId, agentId: a.agents[i], agentLeg: offer.channelId } as Connected;
}

/** Runs a call-control mutation; returns its result or throws with the Problem. */
export async function control(
  a: AcdUnderTest,
  call: string,
  token?: string,
): Promise<{ callId: string; channelId: string | null }> {
  const result = await tryControl(a, call, token);
  if (result.__typename === 'Problem') throw new Error(`${call}: ${JSON.stringify(result)}`);
  return result.data as { callId: string; channelId: string | null };
}

/** Runs a call-control mutation; returns the success or the Problem as data. */
export async function tryControl(a: AcdUnderTest, call: string, token?: string) {
  const result = await a.gql(
    `mutation { r: ${call} { __typename ... on Problem { code message details } ${successFragment(call)} } }`,
    {},
    token ?? a.adminKey,
  );
  if (result.errors) throw new Error(`${call}: ${JSON.stringify(result.errors)}`);
  return result.data?.r as {
    __typename: string;
    code?: string;
    data?: { callId: string; channelId: string | null };
  };
}

function successFragment(call: string): string {
  const name = call.slice(0, call.indexOf('('));
  const type = `Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success`;
  return `... on ${type} { data { callId channelId } }`;
}

/** Waits for an in-call control event. */
export function waitControl(
  a: AcdUnderTest,
  action: string,
  state: string,
  after: number,
  extra: (e: Extract<RuntimeEvent, { type: 'call-control' }>) => boolean = () => true,
) {
  return a.waitFor(
    `${action} ${state}`,
    (e) => e.type === 'call-control' && e.action === action && e.state === state && extra(e),
    after,
  ) as Promise<Extract<RuntimeEvent, { type: 'call-control' }>>;
}

/** Waits until the call is over and its record written. */
export function waitClosed(a: AcdUnderTest, callId: string, after = 0) {
  return a.waitFor(
    `call ${callId} closed`,
    (e) => e.type === 'call-closed' && e.callId === callId,
    after,
  );
}

/** Channel ids the simulator has in each bridge. */
export function bridged(a: AcdUnderTest): Record<string, string[]> {
  return Object.fromEntries(
    a.sim.control.bridges().map((b) => [String(b.id), (b.channels as string[]).slice().sort()]),
  );
}

/** The live channel ids of the simulator. */
export const channelIds = (a: AcdUnderTest): string[] =>
  a.sim.control.channels().map((c) => String(c.id));

/** The call record and its legs. */
export async function recordOf(
  a: AcdUnderTest,
  callId: string,
): Promise<{ call: CallRecord; legs: CallLeg[] }> {
  const call = await a.store.calls.getByLinkedId(callId);
  if (call === undefined) throw new Error(`no record for ${callId}`);
  return { call, legs: await a.store.calls.legsOf([call.id]) };
}

/** A supervisor with its own agent record and phone (extension 2003) on the harness's line. */
export async function supervisor(a: AcdUnderTest): Promise<{ agentId: string; token: string }> {
  const admin = (await a.services.auth.authenticate(a.adminKey, null)) as Actor;
  const line = await a.store.businessLines.getByName('Line');
  if (line === undefined) throw new Error('no line');
  a.sim.control.setPhone('2003', { registered: true, mode: 'answer', answerAfterS: 0.2 });
  const agent = await a.services.agents.create(admin, {
    businessLineId: line.id,
    name: 'Supervisor 2003',
    extension: '2003',
    reach: 'sip',
  });
  const user = await a.services.users.create(admin, {
    username: 'supervisor-2003',
    displayName: 'Supervisor',
    role: 'supervisor',
    agentId: agent.id,
    businessLineIds: [line.id],
  });
  const token = (await a.services.auth.createApiKey(admin, user.id, 'tests')).secret;
  return { agentId: agent.id, token };
}

/** Global ID of an agent. */
export const agentGid = (agentId: string) => encodeGlobalID('Agent', agentId);

/** Longest a test waits for the simulator to drop a channel. */
const CHANNEL_WAIT_MS = 20_000;

/** Resolves once the simulator no longer has channel `id` (at once when it is already gone). */
export function channelGone(a: AcdUnderTest, id: string): Promise<void> {
  if (a.sim.core.channels.get(id)?.id !== id) return Promise.resolve();
  return simEvent(a, `channel ${id} destroyed`, (e) => {
    return e.type === 'ChannelDestroyed' && e.channel.id === id;
  });
}

/** Resolves once the simulator no longer has bridge `id`. */
export function bridgeGone(a: AcdUnderTest, id: string): Promise<void> {
  if (!a.sim.core.bridges.has(id)) return Promise.resolve();
  return simEvent(a, `bridge ${id} destroyed`, (e) => {
    return e.type === 'BridgeDestroyed' && e.bridge.id === id;
  });
}

/** Resolves once the simulator records into `name` (at once when it already does). */
export function recordingStarted(a: AcdUnderTest, name: string): Promise<void> {
  if (a.sim.core.recordings.get(name) !== undefined) return Promise.resolve();
  return simEvent(a, `recording ${name}`, (e) => {
    return e.type === 'RecordingStarted' && e.recording.name === name;
  });
}

/** Resolves on the first simulator event matching `match`; the time limit only makes a hang readable. */
function simEvent(a: AcdUnderTest, what: string, match: (e: CoreEvent) => boolean) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${what} within ${CHANNEL_WAIT_MS} ms`));
    }, CHANNEL_WAIT_MS);
    const off = a.sim.core.bus.on((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
