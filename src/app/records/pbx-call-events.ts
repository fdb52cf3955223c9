/**
 * What the PBX reports about calls, in the capture's own words: channel
 * events of the channel event log (CEL) and per-channel call detail records
 * (CDR). The AMI adapter (src/asterisk/records) turns `CEL` and `Cdr`
 * events into these; no AMI name reaches the capture. Times are epoch ms.
 */

/** A channel's lifecycle, from the channel event log. */
export type PbxChannelEvent =
  | {
      readonly type: 'channel-started';
      readonly channelId: string;
      readonly linkedId: string;
      readonly channelName: string;
      readonly at: number;
      /** Caller id number of the channel, '' when none. */
      readonly callerNumber: string;
      /** Extension the channel started in (the dialled number of an incoming call). */
      readonly exten: string;
    }
  | {
      readonly type: 'channel-answered';
      readonly channelId: string;
      readonly linkedId: string;
      readonly at: number;
    }
  | {
      readonly type: 'channel-hung-up';
      readonly channelId: string;
      readonly linkedId: string;
      readonly at: number;
      /** Q.850 cause, null when the PBX gave none. */
      readonly cause: number | null;
    }
  | {
      readonly type: 'channel-ended';
      readonly channelId: string;
      readonly linkedId: string;
      readonly at: number;
    }
  /**
   * Asterisk could not hand the channel to the Stasis application it named
   * (STASISSTATUS=FAILED: no WebSocket registered it, e.g. while ARI was
   * cut): whatever its CDR's last application says, no application has it.
   */
  | {
      readonly type: 'stasis-failed';
      readonly channelId: string;
      readonly linkedId: string;
    }
  /** The last channel of the call ended: nothing more will come for this linkedid. */
  | { readonly type: 'call-ended'; readonly linkedId: string; readonly at: number };

/** One channel's call detail record. */
export interface PbxCdr {
  readonly type: 'cdr';
  readonly channelId: string;
  /** The call's linkedid when the PBX includes it (cdr_manager mapping), else null. */
  readonly linkedId: string | null;
  readonly channelName: string;
  /** The channel it talked to, '' when none. */
  readonly destinationChannel: string;
  /** Caller number (CDR `src`). */
  readonly source: string;
  /** Number dialled (CDR `dst`). */
  readonly destination: string;
  readonly lastApplication: string;
  readonly lastData: string;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number;
  /** ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION. */
  readonly disposition: string;
}

/** Anything the capture consumes. */
export type PbxRecordEvent = PbxChannelEvent | PbxCdr;
