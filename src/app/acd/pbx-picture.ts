/**
 * What the PBX has right now, as the ACD's recovery reads it (SEC-5): every
 * channel with the bridge it is in and, for channels in our Stasis
 * application, the arguments they entered it with. The adapter in
 * `src/asterisk/acd/pbx-picture.ts` builds it from ARI's channel and
 * bridge lists after each (re)connect.
 */

/** One channel on the PBX. */
export interface PbxChannel {
  readonly id: string;
  /** e.g. `PJSIP/trunk-00000002`. */
  readonly name: string;
  /** The endpoint the channel is on (`trunk` for `PJSIP/trunk-00000002`), '' for Local and Snoop. */
  readonly endpoint: string;
  /** Dial string of that endpoint (`PJSIP/1001` for `PJSIP/1001-00000003`), '' for Local and Snoop. */
  readonly phone: string;
  /** The channel is answered (state Up). */
  readonly up: boolean;
  /** Caller's number, '' when withheld. */
  readonly callerNumber: string;
  /** The dialplan extension the channel is at. */
  readonly exten: string;
  /** Arguments it entered our application with (`inbound,<DID>`...), null when not in it. */
  readonly stasisArgs: readonly string[] | null;
  /** The bridge it is in, null when none. */
  readonly bridgeId: string | null;
}

/** The PBX's channels and bridges. */
export interface PbxPicture {
  readonly channels: readonly PbxChannel[];
  /** Ids of every bridge. */
  readonly bridgeIds: readonly string[];
}
