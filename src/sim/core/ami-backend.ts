/**
 * The AmiBackend (src/sim/ami/backend.ts) over the core: CoreShowChannels
 * rows, device states, Originate, Hangup, Redirect, Getvar/Setvar, and the
 * core's events as AMI events.
 */
import type {
  AmiBackend,
  AmiChannelRow,
  AmiContactRow,
  AmiFields,
  AmiOriginate,
  AmiOriginateResult,
} from '../ami/backend.ts';
import { amiEvents } from './ami-translate.ts';
import { celAfter, celBefore } from './cel.ts';
import type { SimCore } from './core.ts';
import type { LegStatus } from './dial-attempt.ts';
import { type Channel, STATE_NUMBERS } from './model.ts';

/** OriginateResponse Reason codes (manager.c: the AST_CONTROL_* of the outcome). */
const REASONS: Record<LegStatus, number> = {
  ANSWER: 4,
  BUSY: 5,
  NOANSWER: 3,
  CONGESTION: 8,
  CANCEL: 1,
  CHANUNAVAIL: 0,
};

/** AMI on the simulated core. */
export class CoreAmiBackend implements AmiBackend {
  readonly systemName = '';

  constructor(
    private readonly core: SimCore,
    private readonly globals: Map<string, string>,
  ) {}

  channels(): AmiChannelRow[] {
    const now = this.core.scheduler.now();
    return this.core.channels.list().map((c) => row(c, now));
  }

  deviceStates(): Array<{ device: string; state: string }> {
    return this.core.devices.all();
  }

  contacts(): AmiContactRow[] {
    return this.core.endpoints.contacts();
  }

  async originate(req: AmiOriginate): Promise<AmiOriginateResult> {
    const fail = (reason: number): AmiOriginateResult => ({
      success: false,
      reason,
      channel: req.channel,
      uniqueid: '',
      callerIdNum: '',
      callerIdName: '',
      context: req.context ?? '',
      exten: req.exten ?? '',
    });
    const out = this.core.originator.originate({
      endpoint: req.channel,
      // Either application or dialplan: the app branch is started here after answer.
      extension: req.exten ?? 's',
      context: req.context ?? 'default',
      priority: req.priority ?? 1,
      timeoutS: Math.max(1, Math.round((req.timeoutMs ?? 30_000) / 1000)),
      variables: req.variables,
      ...(req.callerId ? { callerId: req.callerId } : {}),
      ...(req.channelId ? { channelId: req.channelId } : {}),
      ...(req.otherChannelId ? { otherChannelId: req.otherChannelId } : {}),
      ...(req.application ? { deferStart: true } : {}),
    });
    if ('status' in out) return fail(0);
    const status = await out.result;
    const leg = out.leg;
    if (status === 'ANSWER' && req.application)
      this.core.pbx.startApp(leg, req.application, req.data ?? '');
    return {
      success: status === 'ANSWER',
      reason: REASONS[status],
      channel: leg.name,
      uniqueid: leg.id,
      callerIdNum: leg.caller.number,
      callerIdName: leg.caller.name,
      context: req.context ?? '',
      exten: req.exten ?? '',
    };
  }

  hangup(channel: string, cause?: number): boolean {
    const ch = this.core.channels.get(channel);
    if (!ch) return false;
    this.core.channels.requestHangup(ch, 'api', cause ?? 16);
    return true;
  }

  redirect(channel: string, context: string, exten: string, priority: number): boolean {
    const ch = this.core.channels.get(channel);
    if (!ch) return false;
    const loc = { context, exten, priority };
    if (ch.stasisApp) {
      this.core.stasis.continueIn(ch, loc);
      return true;
    }
    if (ch.bridgeId) this.core.bridges.leave(ch);
    ch.context = context;
    ch.exten = exten;
    ch.priority = priority;
    if (ch.pbx) for (const l of [...ch.redirectListeners]) l();
    else this.core.pbx.start(ch);
    return true;
  }

  getVar(channel: string, name: string): { exists: boolean; value: string | undefined } {
    if (channel === '') return { exists: true, value: this.globals.get(name) };
    const ch = this.core.channels.get(channel);
    if (!ch) return { exists: false, value: undefined };
    return { exists: true, value: this.core.pbx.getVariable(ch, name) };
  }

  setVar(channel: string, name: string, value: string): boolean {
    if (channel === '') {
      this.globals.set(name, value);
      return true;
    }
    const ch = this.core.channels.get(channel);
    if (!ch) return false;
    this.core.pbx.setVariable(ch, name, value);
    return true;
  }

  playDtmf(channel: string, digit: string, receive: boolean): boolean {
    const ch = this.core.channels.get(channel);
    if (!ch) return false;
    // Receive queues the digit on the channel itself (ast_queue_frame); a
    // digit sent out of a Local half arrives on the other half, and a SIP
    // far end is not modelled (app_senddtmf.c manager_play_dtmf).
    const target = receive ? ch : ch.localPeer;
    if (target && !target.destroyed) void this.core.dtmf.press(target, digit);
    return true;
  }

  onEvent(handler: (fields: AmiFields) => void): () => void {
    const inUse = (linkedid: string, exceptId: string) =>
      this.core.channels
        .list()
        .some((c) => c.linkedid === linkedid && c.id !== exceptId && !c.destroyed);
    return this.core.bus.on((e) => {
      for (const fields of celBefore(e, inUse)) handler(fields);
      for (const fields of amiEvents(e)) handler(fields);
      for (const fields of celAfter(e)) handler(fields);
    });
  }

  hasExtension(context: string, exten: string, priority: number): boolean {
    return this.core.pbx.exists(context, exten, priority);
  }
}

function row(c: Channel, now: number): AmiChannelRow {
  return {
    channel: c.name,
    uniqueid: c.id,
    linkedid: c.linkedid,
    context: c.context,
    exten: c.exten,
    priority: c.priority,
    channelState: STATE_NUMBERS[c.state],
    channelStateDesc: c.state,
    application: c.appName,
    applicationData: c.appData,
    callerIdNum: c.caller.number,
    callerIdName: c.caller.name,
    connectedLineNum: c.connected.number,
    connectedLineName: c.connected.name,
    accountCode: c.accountcode,
    bridgeId: c.bridgeId,
    durationS: Math.floor((now - c.creationtime) / 1000),
    language: c.language,
  };
}
