/**
 * The lease two callwright instances compete for (active/standby, SEC-5):
 * whoever holds it controls the PBX; the other waits. A holder that stops
 * renewing (killed, hung, cut off) loses it after its time to live, and the
 * standby takes it. `src/ha/redis-lease.ts` implements it over Redis.
 */

/** One instance's handle on the shared lease. */
export interface Lease {
  /** This instance's id, as stored in the lease. */
  readonly holderId: string;
  /** Takes the lease if nobody holds it (or this instance already does); true when held. */
  acquire(): Promise<boolean>;
  /**
   * Extends the lease if this instance holds it: `held`, or `lost` when
   * another instance holds it now. Rejects when the lease store cannot be
   * reached (then nobody can take it either).
   */
  renew(): Promise<'held' | 'lost'>;
  /** Gives the lease up if held (a clean shutdown hands over at once). */
  release(): Promise<void>;
  close(): Promise<void>;
}
