/**
 * The IVR runtime: runs one call through its flow. The pure interpreter
 * decides; this loop carries each action out (on the channel, over HTTP,
 * in the store), feeds the result back, and hands the call on when the
 * flow ends. Whatever happens (hang-up, dropped connection, lookup
 * failure, a fault of our own) the call leaves with a decision (never
 * silence) and its path is written.
 */
import { begin, next } from '../../domain/ivr/flow.interpreter.ts';
import {
  type Action,
  type Input,
  isTerminal,
  type RunContext,
  type Step,
} from '../../domain/ivr/flow.step.ts';
import type { IvrSession } from '../../domain/ivr/ivr.records.ts';
import { toText } from '../../domain/ivr/vars.ts';
import type { Logger } from '../logger.ts';
import { type CallFacts, createCallContext, type LoadedFlow } from './call-context.ts';
import { type Decision, decide, fallbackDecision } from './hand-off.ts';
import { ivrRecordEntry } from './ivr-call-record.ts';
import type { IvrEvent, IvrRuntime, IvrRuntimeDeps } from './ivr-runtime-types.ts';
import type { ChannelAction, IvrChannel } from './ports.ts';
import { SessionRecorder } from './session-recorder.ts';
import { lookup, saveVoicemail } from './work-actions.ts';

export type { IvrEvent, IvrRuntime, IvrRuntimeDeps } from './ivr-runtime-types.ts';

/** Most actions one call may take; a flow still going after that is cut (it loops). */
const MAX_ACTIONS = 2000;

/** Actions that end the IVR for the call (goto-flow continues in another flow). */
type LeavingAction = Extract<
  Action,
  { type: 'to-queue' | 'to-agent' | 'to-external' | 'hangup' | 'end' }
>;

/** Actions carried out while the call stays in the IVR. */
type WorkAction = Exclude<Action, LeavingAction | { type: 'goto-flow' }>;

const isLeaving = (action: Action): action is LeavingAction =>
  action.type !== 'goto-flow' && isTerminal(action);

/** Creates the runtime. */
export function createIvrRuntime(deps: IvrRuntimeDeps): IvrRuntime {
  const log = deps.logger.child({ component: 'ivr' });
  const context = createCallContext(deps);
  const listeners = new Set<(event: IvrEvent) => void>();
  let active = 0;
  const emit = (event: IvrEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const run = new CallRun(deps, context, log, emit);
  return {
    async runCall(call, channel) {
      active += 1;
      try {
        await run.call(call, channel);
      } finally {
        active -= 1;
      }
    },
    active: () => active,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

type Context = ReturnType<typeof createCallContext>;

/** The loop over calls; stateless between calls. */
class CallRun {
  constructor(
    private readonly deps: IvrRuntimeDeps,
    private readonly context: Context,
    private readonly log: Logger,
    private readonly emit: (event: IvrEvent) => void,
  ) {}

  async call(call: CallFacts, channel: IvrChannel): Promise<void> {
    const rec = new SessionRecorder(call, this.deps.clock.now());
    const log = this.log.child({ channelId: call.channelId, target: call.target });
    try {
      await this.flowOf(call, channel, rec, log);
    } catch (err) {
      log.error({ err }, 'ivr call failed; handing it to the fallback routing');
      rec.error('RUNTIME_ERROR');
      this.deps.metrics.error('RUNTIME_ERROR');
      await this.leave(channel, rec, fallbackDecision('RUNTIME_ERROR')).catch((error: unknown) => {
        // The channel is beyond reach too: the dialplan's default (`fallback`) takes the call.
        log.error({ err: error }, 'ivr fallback hand-off failed');
      });
    } finally {
      await this.save(rec, log);
    }
  }

  private async flowOf(call: CallFacts, channel: IvrChannel, rec: SessionRecorder, log: Logger) {
    const loaded = await this.context.forTarget(call.target);
    if (typeof loaded === 'string') {
      log.warn({ reason: loaded }, 'no flow to run');
      this.deps.metrics.error(loaded);
      await this.leave(channel, rec, fallbackDecision(loaded));
      return;
    }
    rec.enter(loaded);
    const ctx = await this.context.runContext(loaded.record.businessLineId, call);
    this.emit({
      type: 'session-started',
      channelId: call.channelId,
      flowKey: loaded.record.key,
      version: loaded.version,
    });
    await channel.answer();
    await this.steps(channel, rec, loaded, begin(loaded.prepared, ctx, this.deps.clock.now()), ctx);
  }

  /** The action loop: carry out, feed back, until a terminal action. */
  private async steps(
    channel: IvrChannel,
    rec: SessionRecorder,
    first: LoadedFlow,
    firstStep: Step,
    ctx: RunContext,
  ): Promise<void> {
    let flow = first;
    let step = firstStep;
    for (let actions = 0; ; actions += 1) {
      rec.add(step.path);
      rec.language = toText(step.cursor.vars.language) || rec.language;
      const { action } = step;
      if (actions >= MAX_ACTIONS) {
        rec.error('ACTION_LIMIT');
        await this.leave(channel, rec, fallbackDecision('ACTION_LIMIT'));
        return;
      }
      if (action.type === 'goto-flow') {
        const target = await this.context.forGoto(flow.record.businessLineId, action.flowId);
        if (typeof target === 'string') {
          await this.leave(channel, rec, fallbackDecision(`${target} ${action.flowId}`));
          return;
        }
        flow = target;
        rec.enter(flow);
        const vars = step.cursor.vars;
        step = begin(flow.prepared, ctx, this.deps.clock.now(), vars, action.nodeId ?? undefined);
        continue;
      }
      if (isLeaving(action)) {
        await this.terminal(channel, rec, flow, action);
        return;
      }
      this.emit({
        type: 'action',
        channelId: rec.call.channelId,
        nodeId: step.cursor.nodeId,
        action,
      });
      const input = await this.perform(channel, rec, flow, action);
      // Same text as the interpreter's own error notes, so one failure is listed once.
      if (input.type === 'failed') rec.error(`${step.cursor.nodeId}: ${input.reason}`);
      step = next(flow.prepared, step.cursor, input, this.deps.clock.now(), ctx);
    }
  }

  private async terminal(
    channel: IvrChannel,
    rec: SessionRecorder,
    flow: LoadedFlow,
    action: LeavingAction,
  ): Promise<void> {
    if (action.type === 'end') {
      rec.finish('caller-hangup');
      if (channel.goneReason !== null && channel.goneReason !== 'hangup') {
        rec.error(channel.goneReason);
      }
      return;
    }
    const decision = await decide(
      this.deps.store,
      flow.record.businessLineId,
      action,
      this.deps.dial,
    );
    await this.leave(channel, rec, decision);
  }

  /** Hands the call on and records how it left. */
  private async leave(
    channel: IvrChannel,
    rec: SessionRecorder,
    decision: Decision,
  ): Promise<void> {
    if (decision.error !== null) {
      rec.error(decision.error);
      this.deps.metrics.error(decision.error.split(' ')[0]!);
    }
    rec.finish(decision.outcome, decision.detail);
    if (channel.goneReason !== null) {
      rec.finish('caller-hangup');
      return;
    }
    await channel.handOff(decision.handOff);
  }

  /** Carries out a non-terminal action and returns its result. */
  private async perform(
    channel: IvrChannel,
    rec: SessionRecorder,
    flow: LoadedFlow,
    action: WorkAction,
  ): Promise<Input> {
    let input: Input;
    switch (action.type) {
      case 'lookup':
        input = await lookup(this.deps, action.request);
        break;
      case 'save-voicemail':
        input = await saveVoicemail(this.deps.ivr, rec.call, flow, action.message);
        break;
      case 'record-voicemail':
        input = await channel.perform(action, `cw-voicemail-${this.deps.newId()}`);
        break;
      default:
        input = await channel.perform(action as ChannelAction);
    }
    if (input.type === 'failed') this.deps.metrics.error(input.reason);
    return input;
  }

  /** Writes the session; a failing database is logged, the call has already moved on. */
  private async save(rec: SessionRecorder, log: Logger): Promise<void> {
    const endedAt = this.deps.clock.now();
    const session = rec.session(endedAt);
    this.deps.metrics.sessionEnded(session.outcome, (endedAt - session.startedAt) / 1000);
    let saved: IvrSession | Omit<IvrSession, 'id'> = session;
    try {
      saved = await this.deps.ivr.sessions.save(session, rec.path);
      for (const id of rec.firewallHits) await this.deps.ivr.firewall.countAttempt(id, endedAt);
    } catch (err) {
      log.error({ err }, 'ivr session could not be written');
    }
    // The record sink is durable and never rejects because of the database.
    await this.deps.records?.put(ivrRecordEntry(session, rec.path));
    log.info(
      {
        outcome: session.outcome,
        flow: session.flowKey,
        version: session.flowVersion,
        error: session.error,
      },
      'ivr call done',
    );
    this.emit({
      type: 'session-ended',
      channelId: rec.call.channelId,
      session: saved,
      path: rec.path,
    });
  }
}
