/**
 * The simulator's call model: channels and bridges as Asterisk has them, plus
 * frozen snapshots that events carry (an event must show the channel as it
 * was when the event happened, like Stasis snapshots do).
 */
import type { DialplanChannel } from '../dialplan/app-host.ts';

/** Channel states as ARI names them (AMI numbers them, see {@link STATE_NUMBERS}). */
export type ChannelState =
  | 'Down'
  | 'Rsrvd'
  | 'OffHook'
  | 'Dialing'
  | 'Ring'
  | 'Ringing'
  | 'Up'
  | 'Busy';

/** AMI `ChannelState:` numbers (include/asterisk/channelstate.h). */
export const STATE_NUMBERS: Record<ChannelState, number> = {
  Down: 0,
  Rsrvd: 1,
  OffHook: 2,
  Dialing: 3,
  Ring: 4,
  Ringing: 5,
  Up: 6,
  Busy: 7,
};

/** Caller id / connected line party. */
export interface Party {
  name: string;
  number: string;
}

/** An immutable picture of a channel at one instant. */
export interface ChannelSnapshot {
  readonly id: string;
  readonly name: string;
  readonly state: ChannelState;
  readonly protocolId: string;
  readonly caller: Party;
  readonly connected: Party;
  readonly accountcode: string;
  readonly context: string;
  readonly exten: string;
  readonly priority: number;
  readonly appName: string;
  readonly appData: string;
  readonly creationtime: number;
  readonly language: string;
  readonly linkedid: string;
  readonly bridgeId: string;
}

/** What technology a channel belongs to. */
export type ChannelTech = 'PJSIP' | 'Local' | 'Snoop';

/** Why a hangup was requested; decides the ChannelHangupRequest shape (see hangup.ts). */
export type HangupSource = 'api' | 'remote' | 'peer' | 'dialplan' | 'pbx-end';

/** A live channel. Implements the dialplan engine's view of a channel. */
export class Channel implements DialplanChannel {
  state: ChannelState;
  protocolId = '';
  caller: Party = { name: '', number: '' };
  connected: Party = { name: '', number: '' };
  accountcode = '';
  context: string;
  exten: string;
  priority = 1;
  appName = '';
  appData = '';
  language = 'en';
  linkedid: string;
  readonly vars = new Map<string, string>();
  /** Bridge the channel is in, if any. */
  bridgeId = '';
  /** Stasis app currently controlling the channel. */
  stasisApp: string | undefined;
  stasisArgs: string[] = [];
  /** Local channel's other half. */
  localPeer: Channel | undefined;
  /** Time the channel went Up. */
  answeredAt: number | undefined;
  /** Hangup cause for ChannelDestroyed / AMI Hangup. */
  hangupCause = 0;
  /** True once a hangup was requested. */
  hungUp = false;
  /** True once destroyed (ChannelDestroyed emitted). */
  destroyed = false;
  /** True while a dialplan (pbx) runs on the channel. */
  pbx = false;
  /** True for channels created by an originate/Dial (their app reverts to AppDial2). */
  originated = false;
  /** Endpoint the channel belongs to (`PJSIP/1001`, `PJSIP/trunk`), for device state. */
  endpoint = '';
  /** Aborted when a hangup is requested: wakes every simulated wait on the channel. */
  readonly hangupSignal = new AbortController();
  /** Last dialplan application run (CDR LastApplication/LastData). */
  lastApp = '';
  lastData = '';
  /** Name of the last channel this one was bridged with (CDR DestinationChannel). */
  lastPeerName = '';
  /** True once a soft hangup request with cause 16 was emitted (Hangup() or end of dialplan). */
  softHangupEmitted = false;
  /** CDR disposition when the channel never answered (BUSY, NO ANSWER, FAILED). */
  failDisposition = '';
  /** Called when the channel is redirected (AMI Redirect) while an app runs. */
  readonly redirectListeners = new Set<() => void>();
  /** Free-form per-channel data for behaviours (callee rules, caller scripts). */
  readonly extra = new Map<string, unknown>();

  constructor(
    readonly id: string,
    readonly name: string,
    readonly tech: ChannelTech,
    readonly creationtime: number,
    init: { state: ChannelState; context: string; exten: string; linkedid?: string },
  ) {
    this.state = init.state;
    this.context = init.context;
    this.exten = init.exten;
    this.linkedid = init.linkedid ?? id;
  }

  get callerNumber(): string {
    return this.caller.number;
  }
  set callerNumber(v: string) {
    this.caller = { ...this.caller, number: v };
  }
  get callerName(): string {
    return this.caller.name;
  }
  set callerName(v: string) {
    this.caller = { ...this.caller, name: v };
  }

  /** Freezes the current state for an event or REST response. */
  snapshot(): ChannelSnapshot {
    return {
      id: this.id,
      name: this.name,
      state: this.state,
      protocolId: this.protocolId,
      caller: { ...this.caller },
      connected: { ...this.connected },
      accountcode: this.accountcode,
      context: this.context,
      exten: this.exten,
      priority: this.priority,
      appName: this.appName,
      appData: this.appData,
      creationtime: this.creationtime,
      language: this.language,
      linkedid: this.linkedid,
      bridgeId: this.bridgeId,
    };
  }
}

/** Bridge flavours: ARI-created (`stasis`) or made by Dial()/Queue() (`basic`). */
export type BridgeClass = 'stasis' | 'basic';

/** An immutable picture of a bridge. */
export interface BridgeSnapshot {
  readonly id: string;
  readonly technology: string;
  readonly bridgeType: string;
  readonly bridgeClass: BridgeClass;
  readonly creator: string;
  readonly name: string;
  readonly channels: readonly string[];
  readonly creationtime: number;
  readonly videoMode: string;
}

/** A live bridge. */
export class Bridge {
  readonly channels: string[] = [];
  /** Music on hold class while the bridge plays MOH. */
  moh: string | undefined;

  constructor(
    readonly id: string,
    readonly bridgeType: string,
    readonly bridgeClass: BridgeClass,
    readonly creator: string,
    readonly name: string,
    readonly creationtime: number,
  ) {}

  /** `simple_bridge` for two parties, `softmix` beyond (as Asterisk switches technology). */
  get technology(): string {
    if (this.bridgeType === 'holding') return 'holding_bridge';
    return this.channels.length > 2 ? 'softmix' : 'simple_bridge';
  }

  snapshot(): BridgeSnapshot {
    return {
      id: this.id,
      technology: this.technology,
      bridgeType: this.bridgeType,
      bridgeClass: this.bridgeClass,
      creator: this.creator,
      name: this.name,
      channels: [...this.channels],
      creationtime: this.creationtime,
      videoMode: this.bridgeClass === 'stasis' ? 'talker' : 'none',
    };
  }
}
