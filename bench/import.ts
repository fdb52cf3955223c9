/**
 * `npm run bench -- import [rows]`: imports a generated CSV calling list
 * (default 1,000,000 rows, 5% rows with a garbage number and 1% with
 * no usable one, 1% duplicate numbers, two number columns) into a SQLite file through the real import path
 * (csv-parse stream, libphonenumber-js, dedup and DNC, batched writes),
 * sampling progress as the API shows it. Targets: under 2 minutes, peak
 * memory under 300 MB. Last line: JSON.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type ImportProgress, runImport } from '../src/app/dialer/list-import.ts';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../src/domain/dialer/campaign.ts';
import { openCsv } from '../src/store/dialer/csv-source.ts';
import { createDialerStore } from '../src/store/dialer/dialer-store.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { openStore } from '../src/store/store.ts';

/**
 * The list is written by a child process: generating a million rows here
 * would leave this process's heap grown before the import starts, and the
 * peak memory measured would be the generator's as much as the import's.
 */
const GENERATOR = `
const fs = require('node:fs');
const [path, rows] = [process.argv[1], Number(process.argv[2])];
const fd = fs.openSync(path, 'w');
let chunk = 'id,name,phone,mobile,city\\n';
for (let i = 1; i <= rows; i += 1) {
  const n = i % 100 === 0 ? i - 1 : i; // 1% duplicates of the previous row
  // 5% of rows have a garbage first number; a fifth of those a garbage second one too.
  const phone = i % 20 === 0 ? 'not a number' : '06' + String(10000000 + n).slice(-8);
  const mobile = i % 100 === 40 ? 'n/a' : '07' + String(20000000 + n).slice(-8);
  chunk += i + ',Customer ' + i + ',' + phone + ',' + mobile + ',Lyon\\n';
  if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
}
fs.writeSync(fd, chunk);
fs.closeSync(fd);
`;

function writeCsv(path: string, rows: number): void {
  const r = spawnSync(process.execPath, ['-e', GENERATOR, path, String(rows)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`the list generator failed (${r.status})`);
}

export default async function importBench(): Promise<void> {
  const rows = Number(process.argv[3] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'cw-import-'));
  try {
    const csv = join(dir, 'list.csv');
    writeCsv(csv, rows);
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
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    const samples: string[] = [];
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      samples.push(`${progress.rowsDone}/${progress.rowsTotal ?? '?'}`);
      const mb = (n: number) => Math.round(n / 2 ** 20);
      process.stdout.write(
        `  ${progress.rowsDone} / ${progress.rowsTotal ?? '?'} rows, ${Math.round(progress.rate)} rows/s, rss ${mb(m.rss)} MB (heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}, external ${mb(m.external)})\n`,
      );
    }, 2000);
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
      startRssMb: Math.round(startRss / 2 ** 20),
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
