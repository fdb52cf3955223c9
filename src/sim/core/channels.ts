/**
 * The channel table and each channel's life: creation, state, variables,
 * dialplan position, caller id, and the hangup sequence. The hangup sequence
 * is the part adapters depend on most, so it follows the captures closely
 * (transcripts/ari-events-main.jsonl):
 *
 * - ARI DELETE: ChannelHangupRequest {cause:32, soft:true} (32 is Asterisk's
 *   AST_SOFTHANGUP_EXPLICIT flag, reported in the `cause` field).
 * - Far end hung up (SIP BYE): RTPAUDIOQOS* varsets, then ChannelHangupRequest
 *   with neither cause nor soft; the channel is destroyed with cause 0.
 * - Local channel whose other half went away: {cause:16} (hard).
 * - Hangup() / end of dialplan: {cause:16, soft:true}.
 * Then whatever runs the channel unwinds (bridge, Stasis), and ChannelDestroyed.
 */
import { causeText } from './causes.ts';
import type { EventBus } from './events.ts';
import type { IdAllocator } from './ids.ts';
import {
  Channel,
  type ChannelState,
  type ChannelTech,
  type HangupSource,
  type Party,
} from './model.ts';
import { QOS_VARS } from './rtp-qos.ts';

/** Parameters of {@link Channels.create}. */
export interface CreateChannel {
  tech: ChannelTech;
  /** Full channel name (`PJSIP/trunk-00000001`). */
  name: string;
  state: ChannelState;
  context: string;
  exten: string;
  id?: string;
  linkedid?: string;
  caller?: Party;
  connected?: Party;
  endpoint?: string;
  protocolId?: string;
  /** Skip ChannelCreated (Local ;2 is announced by the pair creator). */
  silent?: boolean;
}

/** Callbacks other services hook into the channel life cycle. */
export interface ChannelHooks {
  /** After a hangup was requested (flags set); runs the channel's owner unwinding. */
  unwind: Array<(ch: Channel) => void>;
  /** After a state change event. */
  stateChanged: Array<(ch: Channel, previous: ChannelState) => void>;
  /** Just before ChannelDestroyed (leave bridges, stop media). */
  destroying: Array<(ch: Channel) => void>;
  /** After ChannelDestroyed and removal from the table. */
  destroyed: Array<(ch: Channel) => void>;
}

/** Abort reason of hangup signals (a plain value: abort() would build a DOMException per channel). */
const HANGUP_REASON = 'hangup';

/** The live channels and the operations that emit their events. */
export class Channels {
  private readonly byId = new Map<string, Channel>();
  private readonly byName = new Map<string, Channel>();
  readonly hooks: ChannelHooks = { unwind: [], stateChanged: [], destroying: [], destroyed: [] };

  constructor(
    private readonly bus: EventBus,
    private readonly ids: IdAllocator,
    private readonly now: () => number,
  ) {}

  /** A live channel by uniqueid (or name, as AMI addresses them). */
  get(idOrName: string): Channel | undefined {
    return this.byId.get(idOrName) ?? this.byName.get(idOrName);
  }

  /** Live channels in creation order. */
  list(): Channel[] {
    return [...this.byId.values()];
  }

  /** True when the uniqueid is taken (409 on originate with channelId). */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Creates and registers a channel, emitting ChannelCreated unless silent. */
  create(o: CreateChannel): Channel {
    const id = o.id ?? this.ids.uniqueid(this.now());
    const ch = new Channel(id, o.name, o.tech, this.now(), {
      state: o.state,
      context: o.context,
      exten: o.exten,
      linkedid: o.linkedid ?? id,
    });
    if (o.caller) ch.caller = { ...o.caller };
    if (o.connected) ch.connected = { ...o.connected };
    ch.endpoint = o.endpoint ?? '';
    if (o.tech === 'PJSIP') ch.extra.set('ssrc', this.ids.ssrc());
    ch.protocolId = o.protocolId ?? '';
    this.byId.set(id, ch);
    this.byName.set(ch.name, ch);
    if (!o.silent) this.announce(ch);
    return ch;
  }

  /** Emits ChannelCreated (for channels created silently). */
  announce(ch: Channel): void {
    this.bus.emit({ type: 'ChannelCreated', channel: ch.snapshot() });
  }

  /** Changes state, emitting ChannelStateChange. */
  setState(ch: Channel, state: ChannelState): void {
    if (ch.destroyed || ch.state === state) return;
    const previous = ch.state;
    ch.state = state;
    if (state === 'Up' && ch.answeredAt === undefined) ch.answeredAt = this.now();
    this.bus.emit({ type: 'ChannelStateChange', channel: ch.snapshot() });
    for (const h of this.hooks.stateChanged) h(ch, previous);
  }

  /** Sets a channel variable, emitting ChannelVarset. */
  setVar(ch: Channel, variable: string, value: string): void {
    ch.vars.set(variable, value);
    if (!ch.destroyed)
      this.bus.emit({ type: 'ChannelVarset', variable, value, channel: ch.snapshot() });
  }

  /** Records the dialplan application about to run, emitting ChannelDialplan. */
  step(ch: Channel, app: string, data: string): void {
    ch.appName = app;
    ch.appData = data;
    if (app) {
      ch.lastApp = app;
      ch.lastData = data;
    }
    this.bus.emit({ type: 'ChannelDialplan', app, data, channel: ch.snapshot() });
  }

  /** Sets the caller id, emitting ChannelCallerId. */
  setCaller(ch: Channel, party: Party): void {
    ch.caller = { ...party };
    this.bus.emit({ type: 'ChannelCallerId', channel: ch.snapshot() });
  }

  /** Sets the connected line, emitting ChannelConnectedLine. */
  setConnected(ch: Channel, party: Party): void {
    ch.connected = { ...party };
    this.bus.emit({ type: 'ChannelConnectedLine', channel: ch.snapshot() });
  }

  /**
   * Requests a hangup and lets the channel's owner unwind it. Idempotent:
   * a channel already hanging up is left alone.
   */
  requestHangup(ch: Channel, source: HangupSource, cause?: number): void {
    if (ch.destroyed || ch.hungUp) return;
    this.markHangup(ch, source, cause);
    this.unwind(ch);
  }

  /** Emits the hangup request and flags the channel, without unwinding yet. */
  markHangup(ch: Channel, source: HangupSource, cause?: number): void {
    if (source === 'remote' && ch.tech === 'PJSIP' && ch.answeredAt !== undefined) {
      this.emitQos(ch);
    }
    const snap = () => ch.snapshot();
    switch (source) {
      case 'api':
        ch.hangupCause = cause ?? 16;
        this.bus.emit({ type: 'ChannelHangupRequest', cause: 32, soft: true, channel: snap() });
        break;
      case 'remote':
        ch.hangupCause = cause ?? 0;
        this.bus.emit({ type: 'ChannelHangupRequest', channel: snap() });
        break;
      case 'peer':
        ch.hangupCause = cause ?? 16;
        this.bus.emit({ type: 'ChannelHangupRequest', cause: ch.hangupCause, channel: snap() });
        break;
      case 'dialplan':
      case 'pbx-end':
        ch.hangupCause = cause ?? 16;
        ch.softHangupEmitted = true;
        this.bus.emit({ type: 'ChannelHangupRequest', cause: 16, soft: true, channel: snap() });
        break;
    }
    ch.hungUp = true;
    ch.hangupSignal.abort(HANGUP_REASON);
  }

  /** Lets whatever owns the channel react to its hangup (Stasis, bridge, dial). */
  unwind(ch: Channel): void {
    for (const h of this.hooks.unwind) {
      if (ch.destroyed) return;
      h(ch);
    }
    if (!ch.destroyed && !ch.pbx && ch.extra.get('dialing') !== true) this.destroy(ch);
  }

  /** Called when a dialplan run ends: soft hangup (if not yet) and destroy. */
  endPbx(ch: Channel): void {
    ch.pbx = false;
    if (ch.destroyed) return;
    if (!ch.hungUp) {
      this.markHangup(ch, 'pbx-end');
      this.unwind(ch);
      return;
    }
    if (!ch.softHangupEmitted) {
      ch.softHangupEmitted = true;
      this.bus.emit({
        type: 'ChannelHangupRequest',
        cause: 16,
        soft: true,
        channel: ch.snapshot(),
      });
    }
    this.destroy(ch);
  }

  /**
   * Destroys the channel: ChannelDestroyed, removal, and for a Local half the
   * hangup of the other half (hard request first, its unwinding after, as in
   * the capture where `;2`'s HangupRequest precedes `;1`'s ChannelDestroyed).
   */
  destroy(ch: Channel): void {
    if (ch.destroyed) return;
    ch.destroyed = true;
    if (!ch.hungUp) {
      ch.hungUp = true;
      ch.hangupSignal.abort(HANGUP_REASON);
    }
    for (const h of this.hooks.destroying) h(ch);
    const peer = ch.localPeer;
    const propagate = peer !== undefined && !peer.hungUp && !peer.destroyed;
    if (propagate) this.markHangup(peer, 'peer', ch.hangupCause || 16);
    if (ch.originated) {
      ch.appName = 'AppDial2';
      ch.appData = '(Outgoing Line)';
    } else {
      ch.appName = '';
      ch.appData = '';
    }
    this.emitCdr(ch);
    this.bus.emit({
      type: 'ChannelDestroyed',
      cause: ch.hangupCause,
      causeTxt: causeText(ch.hangupCause),
      channel: ch.snapshot(),
    });
    this.byId.delete(ch.id);
    if (this.byName.get(ch.name) === ch) this.byName.delete(ch.name);
    for (const h of this.hooks.destroyed) h(ch);
    if (propagate && peer) this.unwind(peer);
  }

  /** Destroys every channel (reset/close) without the ceremony of a full unwind. */
  clear(): void {
    for (const ch of this.list()) {
      ch.destroyed = true;
      ch.hungUp = true;
      ch.hangupSignal.abort(HANGUP_REASON);
    }
    this.byId.clear();
    this.byName.clear();
  }

  private emitCdr(ch: Channel): void {
    if (ch.tech === 'Snoop') return;
    const answered = ch.answeredAt !== undefined;
    this.bus.emit({
      type: 'Cdr',
      channel: ch.snapshot(),
      destinationChannel: ch.lastPeerName,
      lastApp: ch.lastApp,
      lastData: ch.lastData,
      start: ch.creationtime,
      answer: ch.answeredAt,
      end: this.now(),
      disposition: answered ? 'ANSWERED' : ch.failDisposition || 'NO ANSWER',
      source: ch.caller.number,
      destination: ch.exten,
      destinationContext: ch.context,
    });
  }

  private emitQos(ch: Channel): void {
    const ssrc = String(ch.extra.get('ssrc') ?? 0);
    for (const [name, template] of QOS_VARS) {
      this.setVar(ch, name, template.replace('%s', ssrc));
    }
  }
}
