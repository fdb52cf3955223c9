/**
 * The ids the ACD gives what it creates on the PBX. They carry the call id,
 * so that after a restart the channels and bridges Asterisk still has say
 * which call each belongs to (recovery.ts):
 * - `cw-hold-<call>` (`cw-hold-<call>-<n>` after the n-th overflow): the
 *   caller's holding bridge;
 * - `cw-call-<call>`: the bridge of the caller with its agent (or the
 *   number it was forwarded to, or the party it dialled);
 * - `<call>-offer-<n>`: the n-th agent leg rung for the call.
 */

/** The holding bridge of a call; `hop` > 0 after that many overflows. */
export const holdBridgeId = (callId: string, hop = 0): string =>
  hop === 0 ? `cw-hold-${callId}` : `cw-hold-${callId}-${hop}`;

/** Whether `bridgeId` is one of the holding bridges of `callId`. */
export function isHoldBridgeOf(bridgeId: string, callId: string): boolean {
  const base = holdBridgeId(callId);
  return (
    bridgeId === base ||
    (bridgeId.startsWith(`${base}-`) && /^\d+$/.test(bridgeId.slice(base.length + 1)))
  );
}

const CALL_BRIDGE = 'cw-call-';

/** The bridge of a call with its agent. */
export const callBridgeId = (callId: string): string => `${CALL_BRIDGE}${callId}`;

/** The call a `cw-call-` bridge belongs to, or null for another bridge. */
export const callOfCallBridge = (bridgeId: string): string | null =>
  bridgeId.startsWith(CALL_BRIDGE) ? bridgeId.slice(CALL_BRIDGE.length) : null;

/** The `seq`-th offer leg of a call. */
export const offerLegId = (callId: string, seq: number): string => `${callId}-offer-${seq}`;

const OFFER_LEG = /^(.*)-offer-(\d+)$/;

/** The call and number of an offer leg, or null for another channel. */
export function offerLegOf(channelId: string): { callId: string; seq: number } | null {
  const match = OFFER_LEG.exec(channelId);
  return match?.[1] === undefined ? null : { callId: match[1], seq: Number(match[2]) };
}
