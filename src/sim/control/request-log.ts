/**
 * The log of ARI REST requests the simulator received (GET /_sim/requests),
 * in the shape of transcripts/ari-rest-*.jsonl, bounded so a long demo run
 * does not grow without limit.
 */
import type { RequestLogEntry } from '../ari/server.ts';

/** A bounded in-memory request log. */
export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];

  constructor(private readonly limit = 10_000) {}

  /** Appends one request. */
  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    // Trim in batches: dropping one entry at a time would move the whole array per request.
    if (this.entries.length > this.limit * 1.25)
      this.entries.splice(0, this.entries.length - this.limit);
  }

  /** All entries, oldest first. */
  list(): RequestLogEntry[] {
    return this.entries.slice(-this.limit);
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.length = 0;
  }
}
