/**
 * Incremental AMI framing: bytes in, banner / messages / rejects out.
 *
 * What the wire looks like (transcripts/ami-nc-session.txt): the server first
 * writes ONE line `Asterisk Call Manager/11.0.0\r\n` that is not followed by a
 * blank line, then messages of `Key: Value\r\n` lines each ended by an empty
 * line. TCP may cut anywhere (inside a line, inside a CRLF, inside a UTF-8
 * sequence), so bytes are decoded with a StringDecoder and lines are only
 * interpreted once their LF has arrived. LF-only line ends are accepted too.
 */
import { StringDecoder } from 'node:string_decoder';
import { AmiMessage, type AmiPair } from './ami-message.ts';

/** Why a frame was dropped; used as the `reason` label of the rejects counter. */
export type AmiRejectReason = 'malformed_line' | 'too_large' | 'truncated';

/** One unit of parser output. */
export type AmiParserOutput =
  | { readonly kind: 'banner'; readonly version: string }
  | { readonly kind: 'message'; readonly message: AmiMessage }
  | { readonly kind: 'rejected'; readonly reason: AmiRejectReason; readonly detail: string };

/** Limits that keep a misbehaving peer from growing our buffers without bound. */
export interface AmiParserLimits {
  /** Longest accepted line, in characters. */
  readonly maxLineLength: number;
  /** Most header lines in one message. */
  readonly maxLinesPerFrame: number;
}

const DEFAULT_LIMITS: AmiParserLimits = { maxLineLength: 64 * 1024, maxLinesPerFrame: 10_000 };
const BANNER = /^Asterisk Call Manager\/(\S+)$/;

/** Stateful parser for one connection; create a new one per socket. */
export class AmiFrameParser {
  private readonly decoder = new StringDecoder('utf8');
  private readonly limits: AmiParserLimits;
  private buffer = '';
  private pairs: AmiPair[] = [];
  private bad: { reason: AmiRejectReason; detail: string } | null = null;
  private skippingLongLine = false;
  private expectBanner = true;

  constructor(limits: Partial<AmiParserLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Feeds a chunk; returns everything that became complete. */
  push(chunk: Buffer | string): AmiParserOutput[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: AmiParserOutput[] = [];
    let newline = this.buffer.indexOf('\n');
    while (newline !== -1) {
      let line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.onLine(line, out);
      newline = this.buffer.indexOf('\n');
    }
    this.guardPartialLine();
    return out;
  }

  /**
   * The stream ended: anything buffered is an incomplete frame (a peer that
   * closed mid-message). Reported as `truncated`, never delivered.
   */
  end(): AmiParserOutput[] {
    this.buffer += this.decoder.end();
    const leftover = this.buffer.length > 0 || this.pairs.length > 0 || this.bad !== null;
    const lines = this.pairs.length + (this.buffer.length > 0 ? 1 : 0);
    this.reset();
    this.buffer = '';
    if (!leftover) return [];
    return [
      {
        kind: 'rejected',
        reason: 'truncated',
        detail: `stream ended inside a frame (${lines} lines)`,
      },
    ];
  }

  private onLine(line: string, out: AmiParserOutput[]): void {
    if (this.skippingLongLine) {
      // The tail of an over-long line: drop it, keep resyncing.
      this.skippingLongLine = false;
      return;
    }
    if (line === '') {
      this.finishFrame(out);
      return;
    }
    if (this.expectBanner) {
      this.expectBanner = false;
      const banner = BANNER.exec(line);
      if (banner) {
        out.push({ kind: 'banner', version: banner[1] ?? '' });
        return;
      }
    }
    this.addHeader(line);
  }

  private addHeader(line: string): void {
    if (this.bad) return;
    if (this.pairs.length >= this.limits.maxLinesPerFrame) {
      this.bad = { reason: 'too_large', detail: `more than ${this.limits.maxLinesPerFrame} lines` };
      return;
    }
    const pair = splitHeader(line);
    if (!pair) {
      this.bad = { reason: 'malformed_line', detail: `no "Key: Value" in ${preview(line)}` };
      return;
    }
    this.pairs.push(pair);
  }

  private finishFrame(out: AmiParserOutput[]): void {
    // Several blank lines in a row (or one right after the banner) are not frames.
    if (this.bad) out.push({ kind: 'rejected', ...this.bad });
    else if (this.pairs.length > 0)
      out.push({ kind: 'message', message: new AmiMessage(this.pairs) });
    this.reset();
  }

  private guardPartialLine(): void {
    if (this.buffer.length <= this.limits.maxLineLength) return;
    this.buffer = '';
    this.expectBanner = false;
    if (!this.skippingLongLine) {
      this.skippingLongLine = true;
      this.bad ??= { reason: 'too_large', detail: `line longer than ${this.limits.maxLineLength}` };
    }
  }

  private reset(): void {
    this.pairs = [];
    this.bad = null;
  }
}

/**
 * Splits `Key: Value` on the FIRST `": "` only, so values such as
 * `Message: Invalid/unknown command: NoSuchAction. Use Action: ...`
 * (ami-nc-session.txt) stay whole. A bare `Key:` (an empty value whose
 * trailing space was trimmed on the way) is accepted as an empty value.
 */
export function splitHeader(line: string): AmiPair | null {
  const at = line.indexOf(': ');
  if (at > 0) return [line.slice(0, at), line.slice(at + 2)];
  if (line.endsWith(':') && line.length > 1 && !line.slice(0, -1).includes(':')) {
    return [line.slice(0, -1), ''];
  }
  return null;
}

function preview(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}...` : line);
}
