/**
 * Retention over real databases: call records and recording files older
 * than each business line's setting are deleted in small batches, archived
 * first when asked, audited, counted; a line with its own setting is left to
 * it; reports of past periods keep their totals.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import pino from 'pino';
import { createRetention } from '../../src/app/records/retention.ts';
import { createRollupJob } from '../../src/app/records/rollup-job.ts';
import { openArchiveDir } from '../../src/store/records/archive-file.ts';
import { createRecordBatchStore } from '../../src/store/records/record-batch-store.ts';
import { recordingFilesIn } from '../../src/store/records/recording-files.ts';
import { manualClock, testDatabases } from '../helpers/databases.ts';
import { pictureOf, tempOutboxPath, writerOver } from '../helpers/records.ts';
import { newBusinessLine } from './seed.ts';

const logger = pino({ level: 'silent' });
const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 5, 1, 12);

for (const db of testDatabases()) {
  test(`[${db.name}] old records and recordings go in batches, archived and audited; other lines keep theirs`, async (t) => {
    const clock = manualClock(NOW);
    const store = await db.freshStore(clock);
    const [kept, purged] = [await newBusinessLine(store), await newBusinessLine(store)];
    const dir = mkdtempSync(join(tmpdir(), 'cw-retention-'));
    const recordingsDir = join(dir, 'recordings');
    mkdirSync(recordingsDir);
    const { writer } = writerOver(createRecordBatchStore(store.knex), tempOutboxPath());
    await writer.start();
    const at = (daysAgo: number) => NOW - daysAgo * DAY;
    const old = [1, 2, 3, 4, 5].map(() =>
      pictureOf({ businessLineId: purged.id, startedAt: at(60), endedAt: at(60) + 5000 }),
    );
    const recent = pictureOf({
      businessLineId: purged.id,
      startedAt: at(2),
      endedAt: at(2) + 5000,
    });
    const oldOfKept = pictureOf({
      businessLineId: kept.id,
      startedAt: at(60),
      endedAt: at(60) + 5000,
    });
    for (const p of [...old, recent, oldOfKept]) await writer.put(p);
    // Recordings: one of an old call (60 days), one of the recent call.
    for (const [p, days] of [
      [old[0]!, 60],
      [recent, 2],
    ] as const) {
      writeFileSync(join(recordingsDir, `call-${p.record.linkedId}.wav`), Buffer.alloc(64));
      await store.recordings.index({
        linkedId: p.record.linkedId,
        name: `call-${p.record.linkedId}`,
        format: 'wav',
        startedAt: at(days),
        endedAt: at(days) + 5000,
        durationMs: 5000,
        sizeBytes: 64,
      });
    }
    await createRollupJob({ store, logger, schedule: () => () => {} }).runOnce();
    const rollupsBefore = await store.knex('call_rollups_15m').sum({ n: 'calls' });

    await store.reports.saveRetention(
      { businessLineId: null, callDays: 30, recordingDays: 10, archive: true },
      NOW,
    );
    await store.reports.saveRetention(
      { businessLineId: kept.id, callDays: 365, recordingDays: null, archive: false },
      NOW,
    );
    const deleted: Record<string, number> = { calls: 0, recordings: 0 };
    let finishedAt = 0;
    const retention = createRetention({
      store,
      files: recordingFilesIn(recordingsDir),
      archive: openArchiveDir(join(dir, 'archive'), clock),
      clock,
      logger,
      metrics: {
        deleted: (kind, n) => {
          deleted[kind] = (deleted[kind] ?? 0) + n;
        },
        finished: (ms) => {
          finishedAt = ms;
        },
      },
      batchSize: 2,
    });
    const result = await retention.run();
    t.deepEqual(result, { calls: 5, recordings: 1 });
    t.deepEqual(deleted, { calls: 5, recordings: 1 });
    t.is(finishedAt, NOW);

    for (const p of old) t.is(await store.calls.getByLinkedId(p.record.linkedId), undefined);
    t.truthy(await store.calls.getByLinkedId(recent.record.linkedId));
    t.truthy(
      await store.calls.getByLinkedId(oldOfKept.record.linkedId),
      'its line keeps records 365 days',
    );
    t.false(existsSync(join(recordingsDir, `call-${old[0]!.record.linkedId}.wav`)));
    t.true(existsSync(join(recordingsDir, `call-${recent.record.linkedId}.wav`)));
    t.deepEqual(
      (await store.recordings.ofCalls([old[0]!.record.linkedId, recent.record.linkedId])).map(
        (r) => r.linkedId,
      ),
      [recent.record.linkedId],
    );

    const archived = readFileSync(join(dir, 'archive', 'calls-2026-06.jsonl'), 'utf8')
      .trim()
      .split('\n');
    t.is(archived.length, 5);
    t.deepEqual(
      archived
        .map((line) => (JSON.parse(line) as { call: { linkedId: string } }).call.linkedId)
        .sort(),
      old.map((p) => p.record.linkedId).sort(),
    );
    const entries = await store.audit.list({ entity: 'BusinessLine' }, { offset: 0, limit: 10 });
    t.true(entries.some((e) => e.action === 'retention.purge' && e.actorName === 'system'));
    t.deepEqual(
      await store.knex('call_rollups_15m').sum({ n: 'calls' }),
      rollupsBefore,
      'rollups keep their totals',
    );

    t.deepEqual(await retention.run(), { calls: 0, recordings: 0 }, 'a second pass finds nothing');
    await writer.close();
  });
}
