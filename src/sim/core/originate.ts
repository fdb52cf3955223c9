/**
 * Originating calls the way ARI (POST /channels, /channels/create,
 * /channels/{id}/dial) and AMI (Originate) do. The checks and their messages
 * follow res/ari/resource_channels.c (ari_channels_handle_originate_with_id);
 * an endpoint that cannot be requested (unregistered phone, unknown endpoint)
 * is Asterisk's generic 500 "Allocation failed".
 */
import type { AppRegistry } from './apps.ts';
import { parseCallerId } from './caller-id.ts';
import { DialAttempt, type DialDeps, type LegStatus } from './dial-attempt.ts';
import { type DialTarget, type LegFactory, parseDialString } from './legs.ts';
import type { Channel, ChannelSnapshot } from './model.ts';
import type { Location, StasisControl } from './stasis.ts';

/** ARI/AMI originate parameters. */
export interface OriginateRequest {
  endpoint: string;
  app?: string;
  appArgs?: string;
  context?: string;
  extension?: string;
  priority?: number;
  callerId?: string;
  /** Seconds; -1 = no timeout; 0/undefined = 30 (ARI default). */
  timeoutS?: number;
  variables?: Record<string, string>;
  channelId?: string;
  otherChannelId?: string;
  originator?: string;
  /** The caller starts what runs after answer itself (AMI Originate with Application=). */
  deferStart?: boolean;
}

/** An originate that could not start. */
export interface OriginateError {
  status: 400 | 409 | 500;
  message: string;
}

/** A started originate. */
export interface Originated {
  /** Snapshot for the REST response (taken before dialing starts). */
  snapshot: ChannelSnapshot;
  leg: Channel;
  /** Resolves with the dial result. */
  result: Promise<LegStatus>;
}

/** Maximum length of an assigned uniqueid (AST_MAX_PUBLIC_UNIQUEID). */
const MAX_UNIQUEID = 128;

/** ARI/AMI originate, channel create and dial. */
export class Originator {
  constructor(
    private readonly deps: DialDeps,
    private readonly legs: LegFactory,
    private readonly stasis: StasisControl,
    private readonly apps: AppRegistry,
  ) {}

  /** POST /channels (and AMI Originate). */
  originate(req: OriginateRequest): Originated | OriginateError {
    const pre = this.precheck(req);
    if ('status' in pre) return pre;
    if (!req.app && !req.extension) {
      return { status: 400, message: 'Application or extension must be specified' };
    }
    const leg = this.createLeg(pre, req, 'AppDial2');
    if ('status' in leg) return leg;
    const snapshot = leg.snapshot();
    const attempt = new DialAttempt(this.deps, leg, pre, undefined);
    const result = attempt.start(this.timeoutMs(req.timeoutS));
    void result.then((status) => {
      if (status === 'ANSWER') this.afterAnswer(leg, req);
    });
    return { snapshot, leg, result };
  }

  /** POST /channels/create: the channel enters Stasis at once, dialing waits for /dial. */
  create(req: OriginateRequest & { app: string }): Channel | OriginateError {
    const pre = this.precheck(req);
    if ('status' in pre) return pre;
    const leg = this.createLeg(pre, req, 'AppDial2');
    if ('status' in leg) return leg;
    leg.extra.delete('dialing');
    leg.extra.set('dialTarget', pre);
    void this.runStasis(leg, req.app, splitArgs(req.appArgs));
    return leg;
  }

  /** POST /channels/{id}/dial on a channel made by create(). */
  dial(leg: Channel, caller: Channel | undefined, timeoutS: number): OriginateError | undefined {
    if (leg.state !== 'Down' && leg.state !== 'Rsrvd') {
      return { status: 409, message: "Channel is not in the 'Down' state" };
    }
    const target = leg.extra.get('dialTarget') as DialTarget | undefined;
    if (!target) return { status: 409, message: 'Dialing a channel not created by ARI' };
    leg.extra.delete('dialTarget');
    leg.extra.set('dialing', true);
    if (caller) leg.connected = { ...caller.caller };
    void new DialAttempt(this.deps, leg, target, caller).start(timeoutS > 0 ? timeoutS * 1000 : 0);
    return undefined;
  }

  private precheck(req: OriginateRequest): DialTarget | OriginateError {
    if (
      (req.channelId?.length ?? 0) > MAX_UNIQUEID ||
      (req.otherChannelId?.length ?? 0) > MAX_UNIQUEID
    ) {
      return { status: 400, message: `Uniqueid length exceeds maximum of ${MAX_UNIQUEID}` };
    }
    if (!req.endpoint) return { status: 400, message: 'Endpoint must be specified' };
    const target = parseDialString(req.endpoint);
    if (!target) return { status: 400, message: 'Invalid endpoint specified' };
    if (req.originator && !this.deps.channels.get(req.originator)) {
      return { status: 400, message: 'Provided originator channel was not found' };
    }
    const taken = [req.channelId, req.otherChannelId].some(
      (id) => id && this.deps.channels.has(id),
    );
    if (taken) return { status: 409, message: 'Channel with given unique ID already exists' };
    return target;
  }

  private createLeg(
    target: DialTarget,
    req: OriginateRequest,
    app: string,
  ): Channel | OriginateError {
    const originator = req.originator ? this.deps.channels.get(req.originator) : undefined;
    const leg = this.legs.create(target, {
      app,
      ...(req.channelId ? { id: req.channelId } : {}),
      ...(req.otherChannelId ? { otherId: req.otherChannelId } : {}),
      ...(originator ? { linkedid: originator.linkedid } : {}),
    });
    if (leg === 'unavailable') return { status: 500, message: 'Allocation failed' };
    this.applyCallerId(leg, req.callerId);
    for (const [k, v] of Object.entries(req.variables ?? {})) this.setVariable(leg, k, v);
    if (req.app) {
      this.apps.subscribeChannel(req.app, leg.id);
      if (leg.localPeer) this.apps.subscribeChannel(req.app, leg.localPeer.id);
    }
    return leg;
  }

  private applyCallerId(leg: Channel, callerId: string | undefined): void {
    if (!callerId) return;
    const cid = parseCallerId(callerId);
    if (!cid.name && !cid.number) return;
    const c = this.deps.channels;
    c.setCaller(leg, {
      name: cid.name ?? leg.caller.name,
      number: cid.number ?? leg.caller.number,
    });
    c.setConnected(leg, {
      name: cid.name ?? leg.connected.name,
      number: cid.number ?? leg.connected.number,
    });
  }

  private setVariable(leg: Channel, name: string, value: string): void {
    const c = this.deps.channels;
    if (name === 'CALLERID(name)') c.setCaller(leg, { ...leg.caller, name: value });
    else if (name === 'CALLERID(num)' || name === 'CALLERID(number)')
      c.setCaller(leg, { ...leg.caller, number: value });
    else c.setVar(leg, name, value);
  }

  private afterAnswer(leg: Channel, req: OriginateRequest): void {
    if (leg.hungUp || req.deferStart) return;
    if (req.app) {
      void this.runStasis(leg, req.app, splitArgs(req.appArgs));
      return;
    }
    leg.context = req.context || 'default';
    leg.exten = req.extension ?? 's';
    leg.priority = req.priority && req.priority > 0 ? req.priority : 1;
    this.deps.pbx.start(leg);
  }

  /** A channel in Stasis without a dialplan (originate/create/snoop thread). */
  async runStasis(ch: Channel, app: string, args: string[]): Promise<void> {
    const exit = await this.stasis.enter(ch, app, args);
    if (exit.kind === 'continue') {
      this.continueInDialplan(ch, exit.location);
    } else if (exit.kind === 'failed' && !ch.hungUp) {
      this.deps.channels.requestHangup(ch, 'dialplan');
    }
  }

  /** ARI continue on a channel that had no dialplan: it starts one there. */
  private continueInDialplan(ch: Channel, loc: Location | undefined): void {
    if (ch.hungUp) return;
    if (!loc) ch.priority += 1;
    this.deps.pbx.start(ch);
  }

  private timeoutMs(timeoutS: number | undefined): number {
    if (timeoutS === -1) return 0;
    return timeoutS && timeoutS > 0 ? timeoutS * 1000 : 30_000;
  }
}

/** appArgs as Stasis receives them: comma separated. */
export function splitArgs(appArgs: string | undefined): string[] {
  return appArgs ? appArgs.split(',') : [];
}
