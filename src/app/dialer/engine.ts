/**
 * The dialing engine: for every running campaign, once a second (and
 * whenever a call ends or an agent frees up) it asks pacing how many calls
 * to start, picks records, reserves agents where the mode wants one per
 * call, and originates; PBX events then drive each call (call-flow.ts).
 * Preview campaigns dial only when an agent asks; broadcast campaigns
 * (DIAL-6) fill their lines with no agent. Due follow-ups (DIAL-9) are
 * dialled on each tick before anything else. Everything about agents goes
 * through the ACD's `OutboundAgents`.
 */
import {
  type AbandonWindow,
  localDay,
  shiftDay,
  windowOf,
} from '../../domain/dialer/abandon-budget.ts';
import { type Campaign, dialString } from '../../domain/dialer/campaign.ts';
import { type PacingDecision, pace } from '../../domain/dialer/pacing.ts';
import { emptyStats } from '../../domain/dialer/pacing-stats.ts';
import type { AgentLoad } from '../../domain/dialer/predictive.ts';
import type { OutboundAgents } from '../acd/outbound-agents.ts';
import type { Timers } from '../acd/ports.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import { broadcastKeyPressed } from './broadcast-flow.ts';
import { adoptedCall, isBroadcast } from './call-adoption.ts';
import {
  agentAnswered,
  agentLegEnded,
  calleeAnswered,
  calleeEnded,
  type DialerCallEvent,
  type FlowDeps,
  findAgent,
  playbackFinished,
  verdict,
} from './call-flow.ts';
import type { CampaignRun, OutboundCall } from './campaign-run.ts';
import { NORMAL_CLEARING } from './flow-pbx.ts';
import {
  dialDueFollowUps,
  type FollowUpDial,
  type FollowUpRunnerDeps,
} from './follow-up-runner.ts';
import type { DialerCallControl, DialerPbxEvent, DialerStore, ListRecord } from './ports.ts';
import { type Pick, pickRecord } from './record-picker.ts';

export type { DialerCallEvent } from './call-flow.ts';

/** What the engine is built from. */
export interface DialerEngineDeps {
  store: DialerStore;
  /** The core store: business lines and queue members. */
  directory: Store;
  control: DialerCallControl;
  agents: OutboundAgents;
  timers: Timers;
  clock: Clock;
  logger: Logger;
}

/** Live figures of a campaign. */
export interface CampaignLive {
  readonly running: boolean;
  readonly linesInUse: number;
  readonly ringing: number;
  readonly connected: number;
  readonly humanAnswerRate: number;
  readonly window: AbandonWindow;
  readonly agents: ReadonlyArray<{ agentId: string; status: string }>;
  readonly pacing: PacingDecision | null;
}

/** The engine. */
export interface DialerEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  handle(event: DialerPbxEvent): void;
  /**
   * After every ARI (re)connect, with every channel the PBX holds as listed
   * at `listedAt`: calls whose legs are gone (hangups missed while
   * disconnected) are finished. The first time after `start()`, the calls
   * a previous run left are taken back first (call-adoption.ts), and the
   * records left in progress without a call are due again.
   */
  reconcile(
    liveChannelIds: readonly string[],
    listedAt: number,
  ): Promise<{ readonly adopted: number; readonly ended: number }>;
  /** Starts (or resumes) dialing a campaign already marked running in the store. */
  run(campaign: Campaign): Promise<void>;
  /** Stops starting calls for a campaign; calls in progress finish. */
  halt(campaignId: string): void;
  live(campaignId: string): Promise<CampaignLive>;
  /** Preview: the record reserved for the agent, reserving the next one if none. */
  previewNext(campaign: Campaign, agentId: string): Promise<ListRecord | null>;
  /** Preview: dial the record reserved for the agent; the agent is rung once the callee answers. */
  previewDial(campaign: Campaign, agentId: string, recordId: number): Promise<string>;
  /** The outbound call an agent is on (or being connected to). */
  callOf(agentId: string): { call: OutboundCall; campaign: Campaign } | null;
  /** An outbound call in progress, by its id. */
  callById(callId: string): { call: OutboundCall; campaign: Campaign } | null;
  onEvent(listener: (event: DialerCallEvent) => void): () => void;
}

const TICK_MS = 1000;
const tickKey = (id: string) => `dialer:tick:${id}`;

/** Builds the engine (call `start()` to resume running campaigns). */
export function createDialerEngine(deps: DialerEngineDeps): DialerEngine {
  const log = deps.logger.child({ component: 'dialer' });
  const runs = new Map<string, CampaignRun>();
  // Campaigns paused or stopped whose calls in progress still finish (and are written).
  const halted = new Map<string, CampaignRun>();
  const runOf = (campaignId: string) => runs.get(campaignId) ?? halted.get(campaignId);
  const calls = new Map<string, OutboundCall>();
  const listeners = new Set<(e: DialerCallEvent) => void>();
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let callerIdTurn = 0;
  // Until the first reconcile, records left in progress may belong to calls still live.
  let adoptPending = false;

  const track = (work: Promise<unknown>) => {
    const p = work.catch((error: unknown) => log.error({ err: error }, 'dialer step failed'));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const flow: FlowDeps = {
    store: deps.store,
    control: deps.control,
    agents: deps.agents,
    timers: deps.timers,
    clock: deps.clock,
    log,
    changed(run, call, type) {
      if (type === 'ended') {
        calls.delete(call.id);
        if (
          halted.has(call.campaignId) &&
          ![...calls.values()].some((c) => c.campaignId === call.campaignId)
        )
          halted.delete(call.campaignId);
      }
      const event: DialerCallEvent = {
        type,
        callId: call.id,
        campaignId: run.campaign.id,
        recordId: call.record.id,
        agentId: call.agentId,
        outcome: call.outcome,
      };
      for (const l of [...listeners]) {
        try {
          l(event);
        } catch (error) {
          log.warn({ err: error }, 'dialer observer failed');
        }
      }
      if (type === 'ended') schedule(run, 0);
    },
  };

  const followUps: FollowUpRunnerDeps = {
    store: deps.store,
    agents: deps.agents,
    clock: deps.clock,
    log,
    dial: (run, record, agentId) => dialFor(run, record, agentId),
  };

  function schedule(run: CampaignRun, delayMs: number) {
    if (stopped || run.stopping) return;
    deps.timers.set(tickKey(run.campaign.id), deps.clock.now() + delayMs, () => track(tick(run)));
  }

  async function agentsOf(campaign: Campaign): Promise<string[]> {
    const members = await deps.directory.queues.membersOf(campaign.queueIds);
    return [...new Set([...campaign.agentIds, ...members.map((m) => m.agentId)])];
  }

  function loadsOf(run: CampaignRun, now: number) {
    const busy: AgentLoad[] = [];
    for (const a of deps.agents.loads(run.agentIds)) {
      if (a.status === 'on-call')
        busy.push({ kind: 'talk', ageS: (now - (a.since ?? now)) / 1000 });
      else if (a.status === 'wrap-up' && a.wrapUntil !== null) {
        busy.push({ kind: 'wrap', remainingS: Math.max(0, (a.wrapUntil - now) / 1000) });
      }
    }
    return busy;
  }

  async function tick(run: CampaignRun) {
    if (run.ticking) {
      run.again = true;
      return;
    }
    run.ticking = true;
    try {
      await paceOnce(run);
    } finally {
      run.ticking = false;
      schedule(run, run.again ? 0 : TICK_MS);
      run.again = false;
    }
  }

  async function paceOnce(run: CampaignRun) {
    if (run.stopping || stopped) return;
    const { settings } = run.campaign;
    // Booked calls first: they take their agent before pacing hands it a new record.
    if (settings.mode !== 'broadcast') await dialDueFollowUps(followUps, run);
    const now = deps.clock.now();
    const mine = [...calls.values()].filter((c) => c.campaignId === run.campaign.id);
    const ringing = mine.filter((c) => c.humanAt === null && c.outcome === null);
    const waiting = mine.filter(
      (c) => c.humanAt !== null && c.connectedAt === null && c.outcome === null,
    );
    // Humans already answered come before new calls: without this, one who answered
    // while every agent was busy waited out the 2 s and was abandoned even when an
    // agent freed up in the meantime.
    for (const c of waiting) {
      if (c.agentId === null && !c.calleeGone) await findAgent(flow, run, c);
    }
    const free = deps.agents.free(run.agentIds);
    const today = localDay(now, run.zone);
    const decision = pace({
      mode: settings.mode,
      dialRatio: settings.dialRatio,
      maxLines: settings.maxLines,
      freeAgents: free.length,
      busyAgents: loadsOf(run, now),
      ringingAges: ringing.map((c) => (now - c.startedAt) / 1000),
      waitingHumans: waiting.length,
      dialable: Number.MAX_SAFE_INTEGER,
      wrapUpS: settings.wrapUpS,
      abandonTargetPct: settings.abandonTargetPct,
      stats: run.stats,
      window: windowOf(run.days, today),
      controller: {},
      ringTimeoutS: settings.ringTimeoutS,
      linesInUse: mine.length,
    });
    run.last = decision;
    const perAgent = settings.mode === 'progressive';
    for (let i = 0; i < decision.calls; i += 1) {
      const agentId = perAgent ? free.shift() : undefined;
      if (perAgent && agentId === undefined) break;
      const picked = await pickRecord(deps.store, run, deps.clock.now());
      if (picked === null) break;
      await dial(run, picked, agentId ?? null);
    }
  }

  async function dial(run: CampaignRun, picked: Pick, agentId: string | null): Promise<string> {
    const { record, index } = picked;
    const { settings } = run.campaign;
    const now = deps.clock.now();
    const id = `cw-dial-${crypto.randomUUID()}`;
    if (agentId !== null && !deps.agents.reserve(agentId, id, now + settings.ringTimeoutS * 1000)) {
      run.buffer.unshift(record);
      return '';
    }
    const number = record.numbers[index]!;
    const attempt = await deps.store.attempts.create({
      campaignId: run.campaign.id,
      recordId: record.id,
      e164: number.e164,
      channelId: id,
      agentId,
      startedAt: now,
      answeredAt: null,
      connectedAt: null,
      endedAt: null,
      outcome: null,
      amd: null,
      hangupCause: null,
      disposition: null,
      notes: null,
    });
    await deps.store.records.save(record.id, { status: 'in-progress', numbers: record.numbers });
    const call: OutboundCall = {
      id,
      campaignId: run.campaign.id,
      record,
      numberIndex: index,
      e164: number.e164,
      attemptId: attempt.id,
      startedAt: now,
      agentId,
      agentLeg: null,
      agentUp: false,
      answeredAt: null,
      humanAt: null,
      connectedAt: null,
      verdict: null,
      outcome: null,
      calleeGone: false,
      bridgeId: null,
      done: false,
      broadcast: null,
      keys: '',
    };
    calls.set(id, call);
    flow.changed(run, call, 'dialled');
    const pool = settings.callerIds;
    const callerId = pool.length === 0 ? null : (pool[callerIdTurn++ % pool.length] ?? null);
    const outcome = await deps.control.originateCallee({
      channelId: id,
      endpoint: dialString(settings, number.e164),
      callerId,
      timeoutS: settings.ringTimeoutS,
    });
    if (!outcome.ok) {
      log.warn({ callId: id, detail: outcome.detail }, 'originate refused');
      call.outcome = 'failed';
      await calleeEnded(flow, run, call, null);
    }
    return id;
  }

  function handle(event: DialerPbxEvent) {
    if (stopped) return;
    const agentLeg = event.channelId.endsWith('-agent');
    const call = calls.get(agentLeg ? event.channelId.slice(0, -'-agent'.length) : event.channelId);
    if (call === undefined || call.done) return;
    const run = runOf(call.campaignId);
    if (run === undefined) return;
    track(on(run, call, event, agentLeg));
  }

  async function on(
    run: CampaignRun,
    call: OutboundCall,
    event: DialerPbxEvent,
    agentLeg: boolean,
  ) {
    if (agentLeg) {
      if (event.channelId !== call.agentLeg) return;
      if (event.type === 'agent-answered') await agentAnswered(flow, run, call);
      if (event.type === 'leg-ended') await agentLegEnded(flow, run, call, event.cause);
      return;
    }
    switch (event.type) {
      case 'callee-answered':
        return calleeAnswered(flow, run, call);
      case 'amd-result':
        return verdict(flow, run, call, event.verdict);
      case 'leg-ended':
        return calleeEnded(flow, run, call, event.cause);
      case 'playback-finished':
        return playbackFinished(flow, run, call);
      case 'key-pressed':
        return broadcastKeyPressed(flow, run, call, event.key);
      default:
        return;
    }
  }

  async function runCampaign(campaign: Campaign) {
    const line = await deps.directory.businessLines.get(campaign.businessLineId);
    const zone = line?.timezone ?? 'UTC';
    // A campaign resumed while the calls of its pause still finish carries on with them.
    const existing = runs.get(campaign.id) ?? halted.get(campaign.id);
    halted.delete(campaign.id);
    const today = localDay(deps.clock.now(), zone);
    const run: CampaignRun = existing ?? {
      campaign,
      zone,
      agentIds: [],
      stats: emptyStats(),
      days: await deps.store.abandon.days(campaign.id, shiftDay(today, -30)),
      buffer: [],
      ticking: false,
      again: false,
      last: null,
      stopping: false,
    };
    run.campaign = campaign;
    run.stopping = false;
    run.buffer = [];
    run.agentIds = await agentsOf(campaign);
    runs.set(campaign.id, run);
    log.info({ campaignId: campaign.id, mode: campaign.settings.mode }, 'campaign running');
    // Preview campaigns tick too: pacing starts nothing there, but follow-ups fall due.
    schedule(run, 0);
  }

  async function runFor(campaign: Campaign): Promise<CampaignRun> {
    const known = runs.get(campaign.id);
    if (known !== undefined) return known;
    await runCampaign(campaign);
    return runs.get(campaign.id)!;
  }

  return {
    async start() {
      const running = await deps.store.campaigns.list({}, { offset: 0, limit: 1000 });
      // Records a previous process left in progress wait for the first reconcile:
      // their calls may still be live on the PBX.
      adoptPending = true;
      for (const c of running.filter((c) => c.status === 'running')) await runCampaign(c);
    },
    async reconcile(liveChannelIds, listedAt) {
      const live = new Set(liveChannelIds);
      let adopted = 0;
      if (adoptPending) {
        adoptPending = false;
        adopted = await adoptLeftCalls(live);
      }
      let ended = 0;
      for (const call of [...calls.values()]) {
        const run = runOf(call.campaignId);
        // A call started after the listing may not be in it yet.
        if (run === undefined || call.done || call.calleeGone || call.startedAt >= listedAt)
          continue;
        if (!live.has(call.id)) {
          ended += 1;
          track(calleeEnded(flow, run, call, null));
        } else if (
          call.agentLeg !== null &&
          call.connectedAt !== null &&
          !live.has(call.agentLeg)
        ) {
          ended += 1;
          track(agentLegEnded(flow, run, call, null));
        }
      }
      if (adopted > 0 || ended > 0)
        log.info({ adopted, ended }, 'dialer calls reconciled with the PBX');
      return { adopted, ended };
    },
    async stop() {
      stopped = true;
      for (const id of runs.keys()) deps.timers.cancel(tickKey(id));
      await Promise.all([...inFlight]);
    },
    handle,
    run: runCampaign,
    halt(campaignId) {
      const run = runs.get(campaignId);
      if (run === undefined) return;
      run.stopping = true;
      deps.timers.cancel(tickKey(campaignId));
      runs.delete(campaignId);
      if ([...calls.values()].some((c) => c.campaignId === campaignId)) halted.set(campaignId, run);
    },
    async live(campaignId) {
      const run = runs.get(campaignId);
      const mine = [...calls.values()].filter((c) => c.campaignId === campaignId);
      const campaign = run?.campaign ?? (await deps.store.campaigns.get(campaignId));
      const zone = run?.zone ?? 'UTC';
      const now = deps.clock.now();
      const days =
        run?.days ??
        (await deps.store.abandon.days(campaignId, shiftDay(localDay(now, zone), -30)));
      const agentIds = run?.agentIds ?? (campaign ? await agentsOf(campaign) : []);
      return {
        running: run !== undefined,
        linesInUse: mine.length,
        ringing: mine.filter((c) => c.answeredAt === null).length,
        connected: mine.filter((c) => c.connectedAt !== null).length,
        humanAnswerRate: run?.stats.dials ? run.stats.humanRate : 0,
        window: windowOf(days, localDay(now, zone)),
        agents: deps.agents.loads(agentIds).map((a) => ({ agentId: a.agentId, status: a.status })),
        pacing: run?.last ?? null,
      };
    },
    async previewNext(campaign, agentId) {
      const reserved = await deps.store.records.reservedFor(campaign.id, agentId);
      if (reserved !== undefined) return reserved;
      const run = await runFor(campaign);
      const picked = await pickRecord(deps.store, run, deps.clock.now());
      if (picked === null) return null;
      await deps.store.records.save(picked.record.id, {
        status: 'reserved',
        agentId,
        numbers: picked.record.numbers,
      });
      return { ...picked.record, status: 'reserved', agentId };
    },
    async previewDial(campaign, agentId, recordId) {
      const run = await runFor(campaign);
      const record = await deps.store.records.get(recordId);
      if (record === undefined || record.agentId !== agentId || record.status !== 'reserved')
        return '';
      const checked = await pickFrom(run, record);
      if (checked === null) return '';
      return dial(run, checked, agentId);
    },
    callOf(agentId) {
      // The newest: an agent freed at the end of one call may already ring for the
      // next while the first is still being written.
      let found: { call: OutboundCall; campaign: Campaign } | null = null;
      for (const call of calls.values()) {
        if (call.agentId !== agentId || call.done) continue;
        const campaign = runOf(call.campaignId)?.campaign;
        if (campaign !== undefined) found = { call, campaign };
      }
      return found;
    },
    callById(callId) {
      const call = calls.get(callId);
      const campaign = call === undefined ? undefined : runOf(call.campaignId)?.campaign;
      return call === undefined || campaign === undefined ? null : { call, campaign };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  /** Takes back the calls of open attempts; releases in-progress records with no call. */
  async function adoptLeftCalls(live: ReadonlySet<string>): Promise<number> {
    let adopted = 0;
    for (const run of runs.values()) {
      const keep: number[] = [];
      for (const attempt of await deps.store.attempts.open(run.campaign.id)) {
        if (calls.has(attempt.channelId)) {
          keep.push(attempt.recordId);
          continue;
        }
        const record = await deps.store.records.get(attempt.recordId);
        if (record === undefined) continue;
        const call = adoptedCall(run, attempt, record, live);
        calls.set(call.id, call);
        keep.push(record.id);
        adopted += 1;
        // A message cannot resume mid-way: a broadcast callee still on the line is let go.
        if (isBroadcast(run) && live.has(call.id)) {
          track(deps.control.hangup(call.id, NORMAL_CLEARING));
        }
      }
      await deps.store.records.releaseInProgress(run.campaign.id, deps.clock.now(), keep);
    }
    return adopted;
  }

  /** A follow-up's record dialled with `agentId` reserved. */
  async function dialFor(
    run: CampaignRun,
    record: ListRecord,
    agentId: string,
  ): Promise<FollowUpDial> {
    const checked = await pickFrom(run, record);
    if (checked === null) return 'not-dialable';
    const callId = await dial(run, checked, agentId);
    if (callId !== '') return { callId };
    // dial() gives a record it could not reserve an agent for back to pacing; not this one.
    run.buffer = run.buffer.filter((r) => r.id !== record.id);
    return 'agent-taken';
  }

  async function pickFrom(run: CampaignRun, record: ListRecord): Promise<Pick | null> {
    run.buffer.unshift(record);
    const picked = await pickRecord(deps.store, run, deps.clock.now());
    return picked?.record.id === record.id ? picked : null;
  }
}
