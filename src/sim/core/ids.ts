/**
 * Identifier generators that mimic Asterisk's: uniqueids are
 * `<epoch seconds>.<global counter>` (main/channel.c), and channel names get a
 * per-technology 8-hex-digit sequence (`PJSIP/trunk-00000002`,
 * `Local/100@from-trunk-00000000;1`), as in the captured transcripts.
 */
import { type Rng, uuidFrom } from './rng.ts';

/** Allocates uniqueids, per-technology name sequences and UUIDs. */
export class IdAllocator {
  private unique = 0;
  private readonly seqs = new Map<string, number>();

  constructor(
    private readonly rng: Rng,
    /** asterisk.conf `systemname`; empty: none. */
    private readonly systemName = '',
  ) {}

  /** Next uniqueid for a channel created at `nowMs` (`<systemname>-` first when one is set). */
  uniqueid(nowMs: number): string {
    const id = `${Math.floor(nowMs / 1000)}.${this.unique++}`;
    return this.systemName === '' ? id : `${this.systemName}-${id}`;
  }

  /** Next `-0000000N` suffix for a technology (`PJSIP`, `Local`, `Snoop`...). */
  sequence(tech: string): string {
    const n = this.seqs.get(tech) ?? 0;
    this.seqs.set(tech, n + 1);
    return n.toString(16).padStart(8, '0');
  }

  /** A random v4 UUID from the seeded source. */
  uuid(): string {
    return uuidFrom(this.rng);
  }

  /** A SIP Call-ID-like protocol id. */
  callId(): string {
    return `${Math.floor(this.rng.next() * 100000)}-${Math.floor(this.rng.next() * 100000)}@127.0.0.1`;
  }

  /** An RTP synchronisation source id (RTPAUDIOQOS `ssrc=`). */
  ssrc(): number {
    return Math.floor(this.rng.next() * 0x100000000);
  }

  /** Resets every counter (POST /_sim/reset). */
  reset(): void {
    this.unique = 0;
    this.seqs.clear();
  }
}
