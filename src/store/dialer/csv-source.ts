/**
 * CSV calling lists read with csv-parse as a stream: the header row names
 * the columns, each data row comes out as an object, and a row the parser
 * cannot read (a broken quote, a stray byte sequence) comes out as an
 * error for that row instead of stopping the file. Bytes that are not
 * UTF-8 become U+FFFD, which the row check reports. The total is counted
 * ahead from the line breaks (quoted line breaks make it an estimate).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { CsvOpener, CsvRow, CsvSource } from '../../app/dialer/list-import.ts';

type Item = CsvRow | { readonly rowNumber: number; readonly error: string };

async function countLines(open: () => Readable): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of open() as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
    last = chunk.at(-1) ?? last;
  }
  // A last line without a line break is a row too.
  return last === 10 ? lines : lines + 1;
}

function source(open: () => Readable): CsvSource {
  let resolveHeader: (h: readonly string[]) => void = () => {};
  const header = new Promise<readonly string[]>((resolve) => {
    resolveHeader = resolve;
  });
  const skipped: Item[] = [];
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
    info: true,
    trim: true,
  });
  parser.on('skip', (error: Error & { lines?: number }) => {
    skipped.push({ rowNumber: Math.max(1, (error.lines ?? 1) - 1), error: error.message });
  });
  async function* rows(): AsyncGenerator<Item> {
    const input = open().pipe(parser);
    for await (const value of input as AsyncIterable<{
      record: Record<string, string | undefined>;
      info: { records: number };
    }>) {
      while (skipped.length > 0) yield skipped.shift()!;
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(value.record)) fields[k] = v ?? '';
      yield { rowNumber: value.info.records, fields };
    }
    while (skipped.length > 0) yield skipped.shift()!;
    resolveHeader([]);
  }
  const totalRows = countLines(open).then(
    (n) => Math.max(0, n - 1),
    () => null,
  );
  return { header, rows: rows(), totalRows };
}

/** Opens inline CSV text or a file on the server. */
export const openCsv: CsvOpener = (input) =>
  'text' in input
    ? source(() => Readable.from([Buffer.from(input.text, 'utf8')]))
    : source(() => createReadStream(input.path, { highWaterMark: 1 << 20 }));
