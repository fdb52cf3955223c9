/**
 * One outbound call from dial to end: the callee rings (not an answer),
 * answers, AMD says human or machine; a human is connected to a reserved
 * or free agent, and one not connected within 2 s hears the safe-harbor
 * message and counts as abandoned (DIAL-7); machines get the campaign's
 * message or a hang-up; failures are classified from the hangup cause and
 * never reach an agent (DIAL-3). When both legs are gone the attempt is
 * written and the record rescheduled per the retry rules (DIAL-4).
 * Broadcast campaigns (DIAL-6) take the answered callee to
 * broadcast-flow.ts instead of an agent.
 */
import { countAnswer, localDay } from '../../domain/dialer/abandon-budget.ts';
import { isHumanVerdict, outcomeOfCause } from '../../domain/dialer/outcome.ts';
import { noteDial, noteTalk } from '../../domain/dialer/pacing-stats.ts';
import { afterAttempt } from '../../domain/dialer/retry.ts';
import type { OutboundAgents } from '../acd/outbound-agents.ts';
import type { Timers } from '../acd/ports.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { broadcastAnswered, broadcastMessageEnded, broadcastWaitKey } from './broadcast-flow.ts';
import { agentLegOf, dialerBridgeOf } from './call-adoption.ts';
import type { CampaignRun, OutboundCall } from './campaign-run.ts';
import { hangupCallee, NORMAL_CLEARING, pbx } from './flow-pbx.ts';
import type { DialerCallControl, DialerStore } from './ports.ts';

/** Seconds an answered human may wait for an agent. */
export const SAFE_HARBOR_S = 2;
const AGENT_RING_S = 15;

/** What the call flow works with. */
export interface FlowDeps {
  readonly store: DialerStore;
  readonly control: DialerCallControl;
  readonly agents: OutboundAgents;
  readonly timers: Timers;
  readonly clock: Clock;
  readonly log: Logger;
  /** A call ended or changed; the engine re-paces and tells observers. */
  changed(run: CampaignRun, call: OutboundCall, what: DialerCallEvent['type']): void;
}

/** What observers (tests, the API) learn about outbound calls. */
export interface DialerCallEvent {
  readonly type:
    | 'dialled'
    | 'answered'
    | 'agent-ringing'
    | 'connected'
    | 'abandoned'
    /** The broadcast message started playing to a human (who may now press keys). */
    | 'message'
    /** A broadcast callee was handed into an ACD queue. */
    | 'transferred'
    | 'ended';
  readonly callId: string;
  readonly campaignId: string;
  readonly recordId: number;
  readonly agentId: string | null;
  readonly outcome: string | null;
}

const harborKey = (call: OutboundCall) => `dialer:harbor:${call.id}`;

/** The callee answered: AMD (or straight to an agent); a reserved agent starts ringing now. */
export async function calleeAnswered(deps: FlowDeps, run: CampaignRun, call: OutboundCall) {
  call.answeredAt = deps.clock.now();
  void deps.store.attempts.update(call.attemptId, { answeredAt: call.answeredAt });
  deps.changed(run, call, 'answered');
  if (call.agentId !== null && call.agentLeg === null) void ringAgent(deps, run, call);
  if (run.campaign.settings.amd) {
    const exten = call.e164.replace(/^\+/, '');
    const ok = await pbx(deps, call, 'AMD', () => deps.control.runAmd(call.id, exten));
    if (!ok && !call.calleeGone) await hangupCallee(deps, call);
  } else {
    await verdict(deps, run, call, 'HUMAN');
  }
}

/** AMD's verdict. */
export async function verdict(
  deps: FlowDeps,
  run: CampaignRun,
  call: OutboundCall,
  status: string,
) {
  const now = deps.clock.now();
  call.verdict = status;
  run.stats = noteDial(run.stats, isHumanVerdict(status), (now - call.startedAt) / 1000);
  if (run.campaign.settings.mode === 'broadcast') {
    await broadcastAnswered(deps, run, call, status);
    return;
  }
  if (!isHumanVerdict(status)) {
    call.outcome = 'machine';
    await dropAgent(deps, call);
    const { machineAction, machineMessage } = run.campaign.settings;
    if (machineAction === 'message' && status === 'MACHINE') {
      const played = await pbx(deps, call, 'machine message', () =>
        deps.control.play(call.id, machineMessage),
      );
      if (played) return;
    }
    await hangupCallee(deps, call);
    return;
  }
  call.humanAt = now;
  deps.timers.set(harborKey(call), now + SAFE_HARBOR_S * 1000, () => {
    void safeHarbor(deps, run, call);
  });
  if (call.agentUp) await connect(deps, run, call);
  else if (call.agentId === null) await findAgent(deps, run, call);
}

/**
 * Reserves a free agent of the campaign for a human waiting, and rings it.
 * Called at the human verdict, when a rung agent fails, and on every pacing
 * tick for humans still waiting: an agent who frees up within the 2 s takes
 * the human instead of a new call.
 */
export async function findAgent(deps: FlowDeps, run: CampaignRun, call: OutboundCall) {
  const deadline = deps.clock.now() + SAFE_HARBOR_S * 1000;
  for (const agentId of deps.agents.free(run.agentIds)) {
    if (deps.agents.reserve(agentId, call.id, deadline)) {
      call.agentId = agentId;
      await ringAgent(deps, run, call);
      return;
    }
  }
}

/** Rings the reserved agent's phone; it joins the call when it picks up. */
async function ringAgent(deps: FlowDeps, run: CampaignRun, call: OutboundCall) {
  const agentId = call.agentId;
  if (agentId === null) return;
  const endpoint = deps.agents.endpoint(agentId);
  const leg = agentLegOf(call.id);
  call.agentLeg = leg;
  call.agentUp = false;
  deps.agents.ringing(agentId, call.id);
  // Observers pop the agent's screen now (DIAL-5), while its phone rings.
  deps.changed(run, call, 'agent-ringing');
  const shown = run.campaign.settings.maskNumbers ? 'outbound' : call.e164;
  const ok =
    endpoint !== null &&
    (await pbx(deps, call, 'ringing the agent', () =>
      deps.control.originateAgent({
        channelId: leg,
        endpoint,
        callerNumber: shown,
        originator: call.id,
        timeoutS: AGENT_RING_S,
      }),
    ));
  if (!ok && call.agentLeg === leg) {
    call.agentLeg = null;
    call.agentId = null;
    deps.agents.release(agentId, call.id, 'unreachable');
  }
}

/** The agent picked up. */
export async function agentAnswered(deps: FlowDeps, run: CampaignRun, call: OutboundCall) {
  call.agentUp = true;
  if (call.outcome !== null || call.calleeGone) {
    await dropAgent(deps, call);
    return;
  }
  if (call.humanAt !== null) await connect(deps, run, call);
}

async function connect(deps: FlowDeps, run: CampaignRun, call: OutboundCall) {
  if (call.agentLeg === null || call.agentId === null || call.connectedAt !== null) return;
  const bridgeId = dialerBridgeOf(call.id);
  call.bridgeId = bridgeId;
  // Counted as connected from the decision: the bridge follows at once.
  call.connectedAt = deps.clock.now();
  deps.timers.cancel(harborKey(call));
  deps.agents.connected(call.agentId, call.id);
  // Written and told before bridging: a callee who hangs up during the bridge request
  // still ends this agent's conversation (calleeEnded counts it connected), and the
  // attempt must not read as connected to nobody.
  const written = deps.store.attempts.update(call.attemptId, {
    connectedAt: call.connectedAt,
    agentId: call.agentId,
  });
  deps.changed(run, call, 'connected');
  const ok = await pbx(deps, call, 'bridging', () =>
    deps.control.connect(bridgeId, [call.id, call.agentLeg ?? '']),
  );
  await written;
  if (!ok) return;
  await pbx(deps, call, 'recording', () => deps.control.record(bridgeId, `dialer-${call.id}`));
}

/** Nobody took the answered human within 2 s: safe-harbor message, abandoned. */
async function safeHarbor(deps: FlowDeps, run: CampaignRun, call: OutboundCall) {
  if (call.connectedAt !== null || call.done || call.calleeGone) return;
  call.outcome = 'abandoned';
  deps.log.warn({ callId: call.id, campaignId: run.campaign.id }, 'abandoned: no agent within 2 s');
  deps.changed(run, call, 'abandoned');
  await dropAgent(deps, call);
  const media = run.campaign.settings.safeHarborMessage;
  const played = await pbx(deps, call, 'safe-harbor message', () =>
    deps.control.play(call.id, media),
  );
  if (!played) await hangupCallee(deps, call);
}

/** A message ended: the call ends, unless a broadcast callee may still press a key. */
export async function playbackFinished(deps: FlowDeps, run: CampaignRun, call: OutboundCall) {
  if (call.broadcast !== null) {
    await broadcastMessageEnded(deps, run, call);
    return;
  }
  await hangupCallee(deps, call);
}

/** Frees the agent a call held without a conversation, hanging up its leg. */
async function dropAgent(deps: FlowDeps, call: OutboundCall) {
  const { agentId, agentLeg } = call;
  if (agentId === null || call.connectedAt !== null) return;
  call.agentId = null;
  call.agentLeg = null;
  call.agentUp = false;
  deps.agents.release(agentId, call.id);
  if (agentLeg !== null)
    await pbx(deps, call, 'agent hangup', () => deps.control.hangup(agentLeg, NORMAL_CLEARING));
}

/** The agent's leg is gone. */
export async function agentLegEnded(
  deps: FlowDeps,
  run: CampaignRun,
  call: OutboundCall,
  cause: number | null,
) {
  if (call.connectedAt !== null) {
    // The agent hung up the conversation: the callee goes too.
    await hangupCallee(deps, call);
    return;
  }
  const { agentId } = call;
  call.agentLeg = null;
  call.agentUp = false;
  if (agentId === null) return;
  call.agentId = null;
  deps.agents.release(agentId, call.id, cause === 17 || cause === 21 ? 'rejected' : 'timeout');
  if (call.humanAt !== null && call.outcome === null && !call.calleeGone) {
    await findAgent(deps, run, call);
  }
}

/** The callee's leg is gone: settle the outcome, free the agent, write everything. */
export async function calleeEnded(
  deps: FlowDeps,
  run: CampaignRun,
  call: OutboundCall,
  cause: number | null,
) {
  if (call.calleeGone) return;
  call.calleeGone = true;
  const now = deps.clock.now();
  deps.timers.cancel(harborKey(call));
  deps.timers.cancel(broadcastWaitKey(call));
  let outcome = call.outcome;
  if (call.connectedAt !== null) {
    outcome = 'connected';
    run.stats = noteTalk(run.stats, (now - call.connectedAt) / 1000);
    if (call.agentId !== null) {
      deps.agents.ended(call.agentId, call.id, run.campaign.settings.wrapUpS);
    }
    if (call.agentLeg !== null) {
      const leg = call.agentLeg;
      await pbx(deps, call, 'agent hangup', () => deps.control.hangup(leg, NORMAL_CLEARING));
    }
    if (call.bridgeId !== null) {
      const bridge = call.bridgeId;
      await pbx(deps, call, 'bridge cleanup', () => deps.control.destroyBridge(bridge));
    }
  } else {
    if (outcome === null) {
      // The callee hung up while waiting for an agent: abandoned all the same.
      if (call.humanAt !== null) outcome = 'abandoned';
      else if (call.answeredAt !== null) outcome = 'hangup-early';
      else outcome = outcomeOfCause(cause);
      if (call.humanAt === null) {
        run.stats = noteDial(run.stats, false, null);
      }
    }
    await dropAgent(deps, call);
  }
  await finish(deps, run, call, outcome ?? 'failed', cause);
}

async function finish(
  deps: FlowDeps,
  run: CampaignRun,
  call: OutboundCall,
  outcome: NonNullable<OutboundCall['outcome']>,
  cause: number | null,
) {
  if (call.done) return;
  call.done = true;
  call.outcome = outcome;
  const now = deps.clock.now();
  const { store } = deps;
  if (call.humanAt !== null) {
    const day = localDay(call.humanAt, run.zone);
    const abandoned = outcome === 'abandoned';
    run.days = countAnswer(run.days, day, abandoned);
    await store.abandon.count(run.campaign.id, day, abandoned);
  }
  await store.attempts.update(call.attemptId, {
    endedAt: now,
    outcome,
    hangupCause: cause,
    amd: call.verdict,
    ...(call.keys === '' ? {} : { dtmf: call.keys }),
    // A reserved agent who never talked to the callee did not handle the attempt.
    ...(outcome === 'connected' ? {} : { agentId: null }),
  });
  const decision = afterAttempt({
    numbers: call.record.numbers,
    index: call.numberIndex,
    outcome,
    recordAttempts: call.record.attempts + 1,
    rules: run.campaign.settings.retry,
    now,
  });
  await store.records.save(call.record.id, {
    numbers: decision.numbers.map((n, i) => ({
      ...n,
      country: call.record.numbers[i]?.country ?? null,
    })),
    attempts: call.record.attempts + 1,
    // A follow-up booked during the call holds the record: pacing must not dial it first.
    status: (await store.followUps.holds(call.record.id))
      ? 'follow-up'
      : decision.kind === 'retry'
        ? 'scheduled'
        : decision.status,
    nextAt: decision.kind === 'retry' ? decision.at : now,
    ...(outcome === 'connected' ? {} : { agentId: null }),
  });
  deps.log.info(
    { callId: call.id, campaignId: run.campaign.id, outcome },
    `outbound call ${outcome}`,
  );
  deps.changed(run, call, 'ended');
}
