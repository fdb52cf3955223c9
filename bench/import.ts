/**
 * `npm run bench -- import [rows]`: imports a generated CSV calling list
 * (default 1,000,000 rows, 5% garbage rows, 1% duplicate numbers, two
 * number columns) into a SQLite file through the real import path
 * (csv-parse stream, libphonenumber-js, dedup and DNC, batched writes),
 * sampling progress as the API shows it. Targets: under 2 minutes, peak
 * memory under 300 MB. Last line: JSON.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type ImportProgress, runImport } from '../src/app/dialer/list-import.ts';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../src/domain/dialer/campaign.ts';
import { openCsv } from '../src/store/dialer/csv-source.ts';
import { createDialerStore } from '../src/store/dialer/dialer-store.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openStore } from '../src/store/store.ts';

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('id,name,phone,mobile,city\n');
  for (let i = 1; i <= rows; i += 1) {
    const n = i % 100 === 0 ? i - 1 : i; // 1% duplicates of the previous row
    const phone = i % 20 === 0 ? 'not a number' : `06${String(10_000_000 + n).slice(-8)}`;
    await write(`${i},Customer ${i},${phone},07${String(20_000_000 + n).slice(-8)},Lyon\n`);
  }
  await new Promise<void>((r) => out.end(r));
}

export default async function importBench(): Promise<void> {
  const rows = Number(process.argv[3] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'cw-import-'));
  try {
    const csv = join(dir, 'list.csv');
    await writeCsv(csv, rows);
    const clock = { now: () => Date.now() };
    const logger = pino({ level: 'warn' });
    const store = await openStore({
      databaseUrl: `sqlite:${join(dir, 'db.sqlite')}`,
      clock,
      logger,
    });
    await migrateToLatest(store.knex);
    const line = await store.businessLines.create({
      name: 'Bench',
      timezone: 'Europe/Paris',
      defaultCountry: 'FR',
    });
    const dialer = createDialerStore(store.knex, clock);
    const campaign = await dialer.campaigns.create({
      businessLineId: line.id,
      name: 'Bench',
      status: 'draft',
      agentIds: [],
      queueIds: [],
      settings: DEFAULT_CAMPAIGN_SETTINGS,
    });
    const list = await dialer.lists.create({ campaignId: campaign.id, name: 'Bench' });
    const imp = await dialer.imports.create(list.id, clock.now());
    const progress: ImportProgress = {
      rowsDone: 0,
      rowsTotal: null,
      imported: 0,
      duplicates: 0,
      dnc: 0,
      errors: 0,
      startedAt: clock.now(),
      rate: 0,
      abort: new AbortController(),
    };
    let peakRss = process.memoryUsage().rss;
    const samples: string[] = [];
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      samples.push(`${progress.rowsDone}/${progress.rowsTotal ?? '?'}`);
      process.stdout.write(
        `  ${progress.rowsDone} / ${progress.rowsTotal ?? '?'} rows, ${Math.round(progress.rate)} rows/s\n`,
      );
    }, 5000);
    const start = performance.now();
    const result = await runImport(
      { store: dialer, clock, logger },
      {
        imp,
        listId: list.id,
        campaignId: campaign.id,
        mapping: { name: 'name', phones: ['phone', 'mobile'], timezone: null, externalId: 'id' },
        rules: { defaultCountry: 'FR', countries: new Set(['FR']) },
        dnc: { global: new Set(), line: new Set() },
        source: openCsv({ path: csv }),
      },
      progress,
    );
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    await store.close();
    const summary = {
      bench: 'import',
      rows,
      seconds: Number(seconds.toFixed(1)),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMb: Math.round(peakRss / 2 ** 20),
      status: result.status,
      imported: result.imported,
      duplicates: result.duplicates,
      errors: result.errors,
      progressSamples: samples.length,
      targets: { secondsUnder: 120, peakRssMbUnder: 300 },
      met: seconds < 120 && peakRss / 2 ** 20 < 300 && result.status === 'completed',
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
