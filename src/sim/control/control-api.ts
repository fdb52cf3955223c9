/**
 * The simulator's control API as an object (wazo-style fake-server controls):
 * reset, place inbound calls, set phone and callee behaviour, run traffic,
 * inspect channels/bridges/requests, and inject faults (drop the ARI
 * WebSockets or AMI sockets). The HTTP routes under /_sim/ call these.
 */
import { bridgeJson, channelJson } from '../ari/json.ts';
import type { RequestLogEntry } from '../ari/server.ts';
import { type CalleeRule, DEFAULT_CALLEE_RULES, type PhoneBehaviour } from '../core/behaviours.ts';
import type { SimCore } from '../core/core.ts';
import type { Phone } from '../core/endpoints.ts';
import type { PlaceCall } from '../core/inbound.ts';
import type { GeneratedCall, TrafficGenerator, TrafficOptions } from '../traffic/generator.ts';
import type { RequestLog } from './request-log.ts';

/** What a snoop channel listens to and speaks into (ARI `spy` / `whisper`). */
export interface SnoopView {
  /** The snooped channel. */
  of: string;
  spy: string;
  whisper: string;
}

/** A channel as the control API lists it: ARI JSON plus simulator details. */
export interface ChannelView extends Record<string, unknown> {
  app: string | null;
  bridge_id: string | null;
  linkedid: string;
  /** Set on snoop channels. */
  snoop: SnoopView | null;
  /** The channel was put on hold through ARI (POST /channels/{id}/hold) and hears music. */
  on_hold: boolean;
}

/** What the control API acts on. */
export interface ControlDeps {
  core: SimCore;
  traffic: TrafficGenerator;
  requests: RequestLog;
  dropAriSockets: () => number;
  dropAmiSockets: () => Promise<number>;
}

/** In-process control of a running simulator. */
export class SimControl {
  constructor(private readonly d: ControlDeps) {}

  /** Hangs everything up, stops traffic, restores default behaviours, clears the request log. */
  reset(): void {
    this.d.traffic.stop();
    this.d.core.reset();
    this.d.core.farEnds.setRules(defaultRules());
    this.d.requests.clear();
  }

  /** Places an inbound call from the trunk; returns its channel id and name. */
  placeCall(req: PlaceCall): { channelId: string; name: string } {
    const ch = this.d.core.inbound.place(req);
    return { channelId: ch.id, name: ch.name };
  }

  /**
   * Agent phone `ext` goes off-hook and dials `to` (an extension: the
   * shipped dialplan's `agents` context rings it). Undefined when the phone
   * is unknown or unregistered.
   */
  dialFromPhone(ext: string, to: string): { channelId: string; name: string } | undefined {
    const ch = this.d.core.phoneCalls.dial(ext, to);
    return ch === undefined ? undefined : { channelId: ch.id, name: ch.name };
  }

  /** Changes an agent phone's behaviour (creating the phone if unknown). */
  setPhone(ext: string, patch: Partial<PhoneBehaviour>): Phone {
    return this.d.core.endpoints.setBehaviour(ext, patch);
  }

  /** All agent phones. */
  phones(): Phone[] {
    return this.d.core.endpoints.allPhones();
  }

  /** Replaces the trunk callee rules. */
  setCallees(rules: CalleeRule[]): void {
    this.d.core.farEnds.setRules(rules);
  }

  /** Current trunk callee rules. */
  callees(): CalleeRule[] {
    return this.d.core.farEnds.getRules();
  }

  /** Starts inbound traffic. */
  startTraffic(opts: TrafficOptions): void {
    this.d.traffic.start(opts);
  }

  /** Stops inbound traffic; returns the calls placed. */
  stopTraffic(): GeneratedCall[] {
    this.d.traffic.stop();
    return [...this.d.traffic.history];
  }

  /** Calls placed by the current/last traffic run. */
  trafficHistory(): GeneratedCall[] {
    return [...this.d.traffic.history];
  }

  /** The far end of a channel presses digits (as a scripted caller would). */
  pressDigits(channelId: string, digits: string): boolean {
    const ch = this.d.core.channels.get(channelId);
    if (!ch) return false;
    void this.d.core.dtmf.press(ch, digits);
    return true;
  }

  /** The far end of a channel hangs up (SIP BYE). */
  remoteHangup(channelId: string): boolean {
    const ch = this.d.core.channels.get(channelId);
    if (!ch) return false;
    this.d.core.channels.requestHangup(ch, 'remote');
    return true;
  }

  /** Live channels with their app, bridge and linkedid. */
  channels(): ChannelView[] {
    return this.d.core.channels.list().map((c) => ({
      ...channelJson(c.snapshot()),
      app: c.stasisApp ?? null,
      bridge_id: c.bridgeId || null,
      linkedid: c.linkedid,
      snoop: (c.extra.get('snoop') as SnoopView | undefined) ?? null,
      on_hold: c.extra.get('onHold') === true,
    }));
  }

  /** Live bridges as ARI shows them. */
  bridges(): Record<string, unknown>[] {
    return this.d.core.bridges.list().map((b) => bridgeJson(b.snapshot()));
  }

  /** ARI REST requests received so far. */
  requests(): RequestLogEntry[] {
    return this.d.requests.list();
  }

  /** Kills every ARI event WebSocket; returns how many. */
  dropAriWebSockets(): number {
    return this.d.dropAriSockets();
  }

  /** Kills every AMI connection; resolves (with how many) once AMI accepts connections again. */
  dropAmiSockets(): Promise<number> {
    return this.d.dropAmiSockets();
  }
}

function defaultRules(): CalleeRule[] {
  return DEFAULT_CALLEE_RULES.map((r) => ({ ...r }));
}
