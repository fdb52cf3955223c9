/**
 * What the PBX tells the ACD, in the ACD's own words. The adapter in
 * `src/asterisk/acd` turns ARI events of our application into these; no
 * Asterisk event name reaches the runtime. Times are epoch ms.
 */

/** An event from call control. */
export type PbxCallEvent =
  /** A caller entered our application for inbound routing (the dialled number) or a queue. */
  | {
      readonly type: 'inbound-entered';
      readonly channelId: string;
      readonly channelName: string;
      /** Caller's number, '' when withheld. */
      readonly ani: string;
      /** The number dialled. */
      readonly dnis: string;
      /** The endpoint the call came in on (a trunk name), '' when unknown. */
      readonly trunk: string;
      /** Set when the IVR already chose the queue. */
      readonly queueId: string | null;
      /** The IVR's call firewall found the caller on its VIP list (IVR-3). */
      readonly whitelisted?: boolean;
    }
  /** A channel was answered. */
  | { readonly type: 'channel-answered'; readonly channelId: string }
  /** A channel hung up; `cause` is Q.850 when the PBX said which, else null. */
  | { readonly type: 'channel-hung-up'; readonly channelId: string; readonly cause: number | null }
  /** The agent's phone is ringing for an offer. */
  | { readonly type: 'offer-ringing'; readonly channelId: string }
  /** The agent picked up an offer: the leg is in our application now. */
  | {
      readonly type: 'offer-answered';
      readonly channelId: string;
      readonly callId: string;
      readonly agentId: string;
      /** The agent leg's channel name, e.g. `PJSIP/2001-00000004`. */
      readonly channelName?: string;
    }
  /** An offer ended before the agent picked up; `cause` is Q.850 (19 no answer, 17 busy...). */
  | { readonly type: 'offer-failed'; readonly channelId: string; readonly cause: number | null }
  /** A leg of in-call control (transfer, conference, supervisor, snoop, click-to-dial) answered. */
  | { readonly type: 'leg-answered'; readonly channelId: string }
  /**
   * A call appeared on a phone that the ACD did not place: an agent dialling
   * or being rung by another extension (AGT-9). `endpoint` is the phone's
   * dial string (`PJSIP/1001`); the call's end is its `channel-hung-up`.
   */
  | { readonly type: 'phone-busy'; readonly endpoint: string; readonly channelId: string }
  /** The far end of a channel in our application pressed a key (`0`-`9`, `*`, `#`, `A`-`D`). */
  | { readonly type: 'dtmf-received'; readonly channelId: string; readonly digit: string };
