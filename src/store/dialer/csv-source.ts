/**
 * CSV calling lists read with csv-parse as a stream: the header row names
 * the columns, each data row comes out as an object, and a row the parser
 * cannot read (a broken quote, a stray byte sequence) comes out as an
 * error for that row instead of stopping the file. Bytes that are not
 * UTF-8 become U+FFFD, which the row check reports; a UTF-16 file (its
 * byte-order mark or NUL bytes in the first block) is refused as a whole.
 *
 * The total is counted in a first pass over the bytes (line breaks; quoted
 * line breaks make it an estimate), finished before the first row is
 * parsed: counting alongside the parser starves behind it and the total
 * would stay unknown until the end.
 */
import { createReadStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { CsvOpener, CsvRow, CsvSource } from '../../app/dialer/list-import.ts';

type Item = CsvRow | { readonly rowNumber: number; readonly error: string };

/** Bytes per read of the counting pass. */
const BLOCK = 1 << 20;
/**
 * Bytes per read of the parsing pass. csv-parse turns a whole chunk into
 * rows at once, ignoring back-pressure within it: a 1 MB chunk is some
 * 20,000 row objects alive together, 64 KB about a thousand.
 */
const READ_CHUNK = 1 << 16;

/** Line breaks in the first `end` bytes of a buffer. */
function countIn(buf: Buffer, end: number): number {
  const bytes = buf.subarray(0, end);
  let lines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines += 1;
  return lines;
}

/** Why the first bytes cannot be read as UTF-8 text; null when they can. */
function encodingProblem(head: Buffer): string | null {
  if (
    head.length >= 2 &&
    ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
  ) {
    return 'the file is UTF-16 encoded: save it as UTF-8 (CSV UTF-8)';
  }
  if (head.subarray(0, 4096).includes(0)) {
    return 'the file holds NUL bytes (UTF-16 or binary): save it as UTF-8 CSV';
  }
  return null;
}

interface Scan {
  readonly lines: number;
  readonly problem: string | null;
}

/** Counts the lines of a file in large blocks (a second or less for a million rows). */
async function scanFile(path: string): Promise<Scan> {
  const fh = await openFile(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(BLOCK);
    let lines = 0;
    let last = 10;
    let problem: string | null = null;
    let first = true;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, BLOCK, null);
      if (bytesRead === 0) break;
      if (first) problem = encodingProblem(buf.subarray(0, bytesRead));
      first = false;
      lines += countIn(buf, bytesRead);
      last = buf[bytesRead - 1]!;
    }
    // A last line without a line break is a row too.
    return { lines: last === 10 ? lines : lines + 1, problem };
  } finally {
    await fh.close();
  }
}

function scanText(text: Buffer): Scan {
  const lines = countIn(text, text.length);
  const last = text.length === 0 ? 10 : text[text.length - 1];
  return { lines: last === 10 ? lines : lines + 1, problem: encodingProblem(text) };
}

function source(open: () => Readable, scan: Promise<Scan>): CsvSource {
  let resolveHeader: (h: readonly string[]) => void = () => {};
  const header = new Promise<readonly string[]>((resolve) => {
    resolveHeader = resolve;
  });
  // Skipped rows arrive out of band (on_skip), while the parser runs ahead of
  // the reader; each remembers how many good rows came before it, which
  // places it in file order when the reader gets there. (No per-row hook:
  // csv-parse builds an info object for every row it calls one with.)
  const skipped: Array<{ goodBefore: number; error: string }> = [];
  const parser = parse({
    bom: true,
    columns: (names: string[]) => {
      const cleaned = names.map((n) => n.trim());
      resolveHeader(cleaned);
      return cleaned;
    },
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    trim: true,
    on_skip: (error: Error | undefined) => {
      skipped.push({ goodBefore: parser.info.records, error: error?.message ?? 'unreadable row' });
    },
  });
  async function* rows(): AsyncGenerator<Item> {
    let good = 0;
    let bad = 0;
    const badRow = (): Item => {
      const s = skipped.shift()!;
      bad += 1;
      return { rowNumber: s.goodBefore + bad, error: s.error };
    };
    try {
      const { problem } = await scan;
      if (problem !== null) throw new Error(problem);
      const input = open().pipe(parser);
      for await (const fields of input as AsyncIterable<Record<string, string>>) {
        good += 1;
        while (skipped.length > 0 && skipped[0]!.goodBefore < good) yield badRow();
        yield { rowNumber: good + bad, fields };
      }
      while (skipped.length > 0) yield badRow();
    } finally {
      resolveHeader([]);
    }
  }
  const totalRows = scan.then(
    (s) => Math.max(0, s.lines - 1),
    () => null,
  );
  return { header, rows: rows(), totalRows };
}

/** Opens inline CSV text or a file on the server. */
export const openCsv: CsvOpener = (input) => {
  if ('text' in input) {
    const bytes = Buffer.from(input.text, 'utf8');
    return source(() => Readable.from([bytes]), Promise.resolve(scanText(bytes)));
  }
  const path = input.path;
  return source(() => createReadStream(path, { highWaterMark: READ_CHUNK }), scanFile(path));
};
