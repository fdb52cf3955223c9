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
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  /** All entries, oldest first. */
  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.length = 0;
  }
}
