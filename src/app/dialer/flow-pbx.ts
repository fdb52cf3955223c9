/**
 * PBX steps shared by the outbound call flows (call-flow.ts,
 * broadcast-flow.ts): run one call-control operation and log a real
 * failure (a leg already gone is an expected race, not a failure), and
 * hang up the callee unless it already left.
 */
import type { Logger } from '../logger.ts';
import type { OutboundCall } from './campaign-run.ts';
import type { DialerCallControl } from './ports.ts';

/** Q.850 normal clearing. */
export const NORMAL_CLEARING = 16;

/** What a PBX step needs. */
export interface PbxDeps {
  readonly control: DialerCallControl;
  readonly log: Logger;
}

/** Runs a PBX step, logging a failure other than a gone channel; true when it was done. */
export async function pbx(
  deps: PbxDeps,
  call: OutboundCall,
  what: string,
  op: () => Promise<unknown>,
): Promise<boolean> {
  const outcome = (await op()) as { ok: boolean; reason?: string; detail?: string };
  if (!outcome.ok && outcome.reason === 'failed') {
    deps.log.warn({ callId: call.id, detail: outcome.detail }, `${what} failed`);
  }
  return outcome.ok;
}

/** Hangs up the callee's leg unless it is already gone. */
export async function hangupCallee(deps: PbxDeps, call: OutboundCall): Promise<void> {
  if (!call.calleeGone)
    await pbx(deps, call, 'hangup', () => deps.control.hangup(call.id, NORMAL_CLEARING));
}
