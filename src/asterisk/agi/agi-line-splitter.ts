/**
 * Bytes -> lines for the FastAGI socket. Asterisk ends lines with LF
 * (fastagi-session-1.txt); a CR before it is stripped. UTF-8 sequences split
 * across TCP segments are reassembled by the StringDecoder. A line longer
 * than the limit is dropped (reported once) instead of growing the buffer.
 */
import { StringDecoder } from 'node:string_decoder';

/** Output of the splitter: a complete line, or notice of a dropped over-long one. */
export type SplitLine = { readonly line: string } | { readonly tooLong: true };

/** Incremental line splitter for one socket. */
export class AgiLineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private skipping = false;

  constructor(private readonly maxLineLength = 64 * 1024) {}

  /** Feeds a chunk, returns the lines it completed. */
  push(chunk: Buffer): SplitLine[] {
    this.buffer += this.decoder.write(chunk);
    const out: SplitLine[] = [];
    let newline = this.buffer.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (this.skipping) this.skipping = false;
      else if (line.length > this.maxLineLength) out.push({ tooLong: true });
      else out.push({ line: line.endsWith('\r') ? line.slice(0, -1) : line });
      newline = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > this.maxLineLength) {
      this.buffer = '';
      if (!this.skipping) out.push({ tooLong: true });
      this.skipping = true;
    }
    return out;
  }
}
