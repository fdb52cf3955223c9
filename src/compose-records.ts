/**
 * Composition of the call-records feature, called by `main.ts` only: the
 * durable record writer (outbox at RECORD_OUTBOX_PATH) with its enricher
 * (caller region, cost), the capture of calls that never touch our
 * application from AMI CDR/CEL, the recording index fed by ARI, the agent
 * state log, and the rollup and retention jobs. Kept apart from main.ts so
 * the composition root stays short; it wires, it decides nothing.
 */
import type { Registry } from 'prom-client';
import type { RuntimeEvent } from './app/acd/runtime.ts';
import type { Clock } from './app/clock.ts';
import type { Logger } from './app/logger.ts';
import { createAgentStateLog } from './app/records/agent-state-log.ts';
import { storeChannelParties } from './app/records/channel-parties.ts';
import { createPbxCapture } from './app/records/pbx-capture.ts';
import { createRecordEnricher } from './app/records/record-enricher.ts';
import { createRecordLanes } from './app/records/record-lanes.ts';
import type { RecordWriter, Schedule } from './app/records/record-writer.ts';
import type { RecordingsService } from './app/records/recordings-service.ts';
import type { RecordsAdapters } from './app/records/records-services.ts';
import { createRetention } from './app/records/retention.ts';
import { createRollupJob } from './app/records/rollup-job.ts';
import type { AmiClient } from './asterisk/ami/ami-client.ts';
import type { AriClient } from './asterisk/ari/client.ts';
import { translateRecordEvent } from './asterisk/records/ami-record-events.ts';
import { finishedRecordingOf } from './asterisk/records/ari-recording-events.ts';
import type { Config } from './config.ts';
import { isSqlite } from './store/connection.ts';
import { openArchiveDir } from './store/records/archive-file.ts';
import { openOutboxFile } from './store/records/outbox-file.ts';
import { laneOutboxPath, leftoverOutboxPaths } from './store/records/outbox-lanes.ts';
import { createRecordBatchStore } from './store/records/record-batch-store.ts';
import {
  createRecordWriterMetrics,
  createRetentionMetrics,
} from './store/records/record-metrics.ts';
import { recordingFilesIn } from './store/records/recording-files.ts';
import { createUrlSigner } from './store/records/url-signer.ts';
import type { OpenedStore } from './store/store.ts';

/** How often the rollups catch up with new records. */
const ROLLUP_EVERY_MS = 30_000;
/** How often the record enricher reloads rate and region tables (changes through the API reload at once). */
const TABLES_EVERY_MS = 5 * 60_000;
/** Retention runs once a day (and on demand through the API). */
const RETENTION_EVERY_MS = 24 * 3600_000;

/** What the records feature is built from. */
export interface RecordsDeps {
  config: Config;
  logger: Logger;
  registry: Registry;
  store: OpenedStore;
  clock: Clock;
}

/** What the feature listens to once the PBX link and the ACD exist. */
export interface RecordsSources {
  ami: AmiClient;
  ari: AriClient;
  onAcdEvent(listener: (event: RuntimeEvent) => void): () => void;
  recordings: RecordingsService;
}

/** The running records feature. */
export interface Records {
  /** The sink the ACD, IVR and dialer hand their call records to. */
  writer: RecordWriter;
  /** Files, URL signing, enricher and retention for the services. */
  adapters: RecordsAdapters;
  /** Starts capturing from the PBX and the ACD. */
  attach(sources: RecordsSources): void;
  /** Writes what is pending and stops the jobs (before the store closes). */
  close(): Promise<void>;
}

/**
 * Pictures of calls gather this long before a batch is written: a call's
 * steps (queued, ringing, answered, ended) then mostly share one write.
 */
const RECORD_BATCH_WINDOW_MS = 50;

const wallSchedule: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

function every(ms: number, run: () => Promise<unknown>, log: Logger, what: string): () => void {
  const timer = setInterval(() => {
    run().catch((error: unknown) => log.error({ err: error }, `${what} failed`));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** Builds the writer (replaying an outbox left by the last run) and the jobs. */
export async function startRecords(deps: RecordsDeps): Promise<Records> {
  const { config, logger, store, clock } = deps;
  const log = logger.child({ component: 'records' });
  const enricher = createRecordEnricher({ store, logger });
  await enricher.refresh();
  // SQLite has one writer at a time: more lanes would only queue for it.
  const lanes = isSqlite(store.knex) ? 1 : config.RECORD_WRITER_LANES;
  const writer = createRecordLanes({
    lanes,
    store: createRecordBatchStore(store.knex, enricher.enrich),
    outbox: (lane) =>
      openOutboxFile(laneOutboxPath(config.RECORD_OUTBOX_PATH, lane, lanes), logger),
    leftovers: leftoverOutboxPaths(config.RECORD_OUTBOX_PATH, lanes).map((path) =>
      openOutboxFile(path, logger),
    ),
    logger,
    metrics: createRecordWriterMetrics(deps.registry),
    schedule: wallSchedule,
    seconds: () => performance.now() / 1000,
    batchWindowMs: RECORD_BATCH_WINDOW_MS,
  });
  await writer.start();
  const files = recordingFilesIn(config.RECORDINGS_DIR);
  const retention = createRetention({
    store,
    files,
    ...(config.RECORD_ARCHIVE_DIR
      ? { archive: openArchiveDir(config.RECORD_ARCHIVE_DIR, clock) }
      : {}),
    clock,
    logger,
    metrics: createRetentionMetrics(deps.registry),
  });
  const rollups = createRollupJob({ store, logger, schedule: wallSchedule });
  rollups.start(ROLLUP_EVERY_MS);
  const stops = [
    every(TABLES_EVERY_MS, () => enricher.refresh(), log, 'reloading rate and region tables'),
    every(RETENTION_EVERY_MS, () => retention.run(), log, 'retention'),
  ];
  const agentStates = createAgentStateLog({ store, logger });

  return {
    writer,
    adapters: { files, signer: createUrlSigner(config.URL_SIGNING_SECRET), enricher, retention },
    attach(sources) {
      const capture = createPbxCapture({
        sink: writer,
        parties: storeChannelParties({ store, clock, trunks: config.PBX_TRUNKS.split(',') }),
        appName: config.ARI_APP,
        logger,
      });
      stops.push(
        sources.ami.onEvent((event) => {
          const translated = translateRecordEvent(event, config.PBX_TIMEZONE);
          if (translated) capture.handle(translated);
        }),
        sources.ari.onEvent((event) => {
          const finished = finishedRecordingOf(event, clock.now());
          if (!finished) return;
          sources.recordings.indexFinished(finished).catch((error: unknown) => {
            log.error({ err: error, name: finished.name }, 'indexing a recording failed');
          });
        }),
        sources.onAcdEvent((event) => {
          if (event.type === 'agent-state-changed') agentStates.handle(event);
        }),
      );
    },
    async close() {
      for (const stop of stops) stop();
      await writer.close();
      await agentStates.settled();
      await rollups.stop();
    },
  };
}
