/**
 * Supervisor listen, whisper and barge (AGT-4) through ARI snoop channels.
 * The supervisor's phone is rung first; once it answers, a snoop channel
 * is made on the agent's leg and bridged with it:
 * - listen: the snoop hears both directions, says nothing;
 * - whisper: hears both, speaks to the agent only (`whisper=out`);
 * - barge: hears both, speaks to the agent and the caller (`whisper=both`,
 *   as app_chanspy's barge does).
 * Asking again in another mode swaps the snoop channel under the same
 * supervisor leg. The snoop lives on the agent's leg: when that leg goes
 * (the call ends or is transferred), monitoring ends with it.
 */
import { stepAgentIn } from './agent-flow.ts';
import {
  connectedCall,
  done,
  type InCallResult,
  isRefusal,
  joinBridge,
  refuse,
} from './call-parties.ts';
import { noteSideLeg } from './call-records.ts';
import { type AcdCore, type LiveCall, run } from './core.ts';
import { legGone } from './in-call-input.ts';
import {
  controlStep,
  DEFAULT_RING_S,
  dropLeg,
  emit,
  nextLegId,
  phoneOf,
  ringLeg,
  saveRecord,
  sideOf,
} from './in-call-legs.ts';
import type { Monitor, MonitorMode, SideLeg } from './in-call-state.ts';
import type { SnoopDirection } from './ports.ts';

/** Snoop directions per mode (ARI `spy` / `whisper`, seen from the agent's channel). */
export const SNOOP_DIRECTIONS: Readonly<
  Record<MonitorMode, { readonly spy: SnoopDirection; readonly whisper: SnoopDirection }>
> = {
  listen: { spy: 'both', whisper: 'none' },
  whisper: { spy: 'both', whisper: 'out' },
  barge: { spy: 'both', whisper: 'both' },
};

/** A supervisor starts (or switches to) `mode` on a connected call, on its own agent's phone. */
export function monitorCall(
  core: AcdCore,
  callId: string,
  mode: MonitorMode,
  supervisorAgentId: string,
): InCallResult {
  const c = connectedCall(core, callId);
  if (isRefusal(c)) return c;
  if (c.channelId === null) {
    return refuse('CALL_WITHOUT_AGENT', `call ${callId} has no agent to listen to`, { callId });
  }
  if (supervisorAgentId === c.agentId) {
    return refuse('MONITOR_OWN_CALL', 'an agent cannot monitor its own call', { callId });
  }
  const side = sideOf(core, callId);
  const known = [...side.monitors.values()].find((m) => m.supervisorAgentId === supervisorAgentId);
  if (known !== undefined) return switchMode(core, c.live, known, mode);
  const phone = phoneOf(core, supervisorAgentId);
  const entry = core.agents.get(supervisorAgentId);
  if (phone === null || entry === undefined) {
    return refuse('AGENT_NOT_FOUND', `agent ${supervisorAgentId} not found`, {
      agentId: supervisorAgentId,
    });
  }
  // A logged-in supervisor is busy while listening: the ACD must not ring the same phone.
  let seized = false;
  if (entry.state.activity.status !== 'logged-out') {
    const step = stepAgentIn(core, supervisorAgentId, { type: 'seize', callId });
    if (step !== null && !step.ok) return { ok: false, error: step.error };
    seized = step?.ok === true;
  }
  const leg = ringLeg(
    core,
    {
      callId,
      role: 'supervisor',
      recordRole: 'supervisor',
      tag: 'sup',
      target: phone,
      agentId: supervisorAgentId,
      agentHold: seized ? 'seized' : null,
      callerName: mode,
      callerNumber: c.live.call.ani,
      timeoutS: DEFAULT_RING_S,
      originatorChannelId: callId,
    },
    (channelId) => legGone(core, channelId, null),
  );
  const monitor: Monitor = {
    mode,
    supervisorAgentId,
    legId: leg.channelId,
    snoopId: null,
    bridgeId: `cw-mon-${leg.channelId}`,
    seized,
  };
  side.monitors.set(leg.channelId, monitor);
  emit(core, {
    callId,
    action: 'monitor',
    state: 'ringing',
    agentId: supervisorAgentId,
    channelId: leg.channelId,
    detail: mode,
  });
  return done(callId, leg.channelId);
}

function switchMode(core: AcdCore, live: LiveCall, monitor: Monitor, mode: MonitorMode) {
  const { callId } = live.call;
  if (monitor.mode === mode) return done(callId, monitor.legId);
  monitor.mode = mode;
  const old = monitor.snoopId === null ? undefined : core.inCall.legs.get(monitor.snoopId);
  // Before the supervisor answered there is no snoop yet: the new mode applies when it does.
  if (old !== undefined) {
    startSnoop(core, live, monitor);
    dropLeg(core, old, { wrapUpS: 0, failure: 'withdrawn' });
  }
  return done(callId, monitor.legId);
}

/** Makes the snoop channel of `monitor` on the agent's leg, in the monitor's mode. */
function startSnoop(core: AcdCore, live: LiveCall, monitor: Monitor): void {
  const { callId } = live.call;
  const spied = live.agentChannelId;
  if (spied === null) return;
  const snoopId = nextLegId(core, callId, 'snoop');
  monitor.snoopId = snoopId;
  const snoopLeg: SideLeg = {
    channelId: snoopId,
    callId,
    role: 'snoop',
    agentId: monitor.supervisorAgentId,
    answered: false,
    agentHold: null,
  };
  core.inCall.legs.set(snoopId, snoopLeg);
  noteSideLeg(live.record, snoopId, {
    channelName: `Snoop/${spied}`,
    role: `snoop-${monitor.mode}`,
    agentId: monitor.supervisorAgentId,
    at: core.deps.clock.now(),
  });
  saveRecord(core, live.record);
  const { spy, whisper } = SNOOP_DIRECTIONS[monitor.mode];
  const request = { snoopId, callId, channelId: spied, spy, whisper };
  controlStep(
    core,
    callId,
    'snooping',
    () => core.deps.control.snoop(request),
    (outcome) => {
      if (!outcome.ok) run(core, () => legGone(core, snoopId, null));
    },
  );
}

/** The supervisor answered: the snoop channel is made. */
export function supervisorAnswered(core: AcdCore, leg: SideLeg): void {
  const live = core.calls.get(leg.callId);
  const monitor = core.inCall.sides.get(leg.callId)?.monitors.get(leg.channelId);
  if (live === undefined || live.released || monitor === undefined) {
    dropLeg(core, leg, { wrapUpS: 0, failure: 'caller-gone' });
    return;
  }
  startSnoop(core, live, monitor);
}

/** The snoop channel is in our application: it is bridged with the supervisor. */
export function snoopAnswered(core: AcdCore, leg: SideLeg): void {
  const monitor = monitorOfSnoop(core, leg);
  if (monitor === undefined) {
    dropLeg(core, leg, { wrapUpS: 0, failure: 'withdrawn' });
    return;
  }
  const { bridgeId, legId, mode, supervisorAgentId } = monitor;
  joinBridge(core, leg.callId, bridgeId, [legId, leg.channelId], () =>
    emit(core, {
      callId: leg.callId,
      action: 'monitor',
      state: 'started',
      agentId: supervisorAgentId,
      channelId: leg.channelId,
      detail: mode,
    }),
  );
}

function monitorOfSnoop(core: AcdCore, leg: SideLeg): Monitor | undefined {
  const side = core.inCall.sides.get(leg.callId);
  return [...(side?.monitors.values() ?? [])].find((m) => m.snoopId === leg.channelId);
}

/** The supervisor hung up (or never answered): its snoop and bridge go, it is free again. */
export function supervisorEnded(core: AcdCore, leg: SideLeg): void {
  const side = core.inCall.sides.get(leg.callId);
  const monitor = side?.monitors.get(leg.channelId);
  stopMonitor(core, leg.callId, monitor, leg);
}

/** The snoop channel went (the agent's leg left the call): the supervisor's leg goes too. */
export function snoopEnded(core: AcdCore, leg: SideLeg): void {
  const monitor = monitorOfSnoop(core, leg);
  if (monitor === undefined) return;
  monitor.snoopId = null;
  const supervisorLeg = core.inCall.legs.get(monitor.legId);
  if (supervisorLeg !== undefined)
    dropLeg(core, supervisorLeg, { wrapUpS: 0, failure: 'withdrawn' });
  stopMonitor(core, leg.callId, monitor, supervisorLeg);
}

/** Ends every supervisor of a call (the call is over). */
export function stopMonitors(core: AcdCore, callId: string): void {
  const side = core.inCall.sides.get(callId);
  for (const monitor of [...(side?.monitors.values() ?? [])]) {
    const leg = core.inCall.legs.get(monitor.legId);
    if (leg !== undefined) dropLeg(core, leg, { wrapUpS: 0, failure: 'caller-gone' });
    stopMonitor(core, callId, monitor, leg);
  }
}

function stopMonitor(
  core: AcdCore,
  callId: string,
  monitor: Monitor | undefined,
  leg: SideLeg | undefined,
): void {
  if (monitor === undefined) return;
  core.inCall.sides.get(callId)?.monitors.delete(monitor.legId);
  if (leg !== undefined && leg.agentHold !== null) {
    leg.agentHold = null;
    stepAgentIn(core, monitor.supervisorAgentId, { type: 'call-ended', callId, wrapUpS: 0 });
  }
  const snoop = monitor.snoopId === null ? undefined : core.inCall.legs.get(monitor.snoopId);
  if (snoop !== undefined) dropLeg(core, snoop, { wrapUpS: 0, failure: 'withdrawn' });
  const { bridgeId } = monitor;
  controlStep(core, callId, 'removing the supervisor bridge', () =>
    core.deps.control.destroyBridge(bridgeId),
  );
  emit(core, {
    callId,
    action: 'monitor',
    state: 'ended',
    agentId: monitor.supervisorAgentId,
    channelId: monitor.legId,
    detail: monitor.mode,
  });
}
