/**
 * The services of the records feature (recordings, reports, their
 * administration), built by `createServices` beside the others. Files, URL
 * signing, the record enricher and the retention job are passed by the
 * composition root; without them (API tests over a bare store) no
 * recording file is found, no signed link verifies, and retention cannot
 * be run on demand.
 */
import type { AcdRuntime } from '../acd/runtime.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import type { RecordingFiles, UrlSigner } from './ports.ts';
import type { RecordEnricher } from './record-enricher.ts';
import { createRecordingsService } from './recordings-service.ts';
import { createRecordsAdminService } from './records-admin-service.ts';
import { createReportsService } from './reports-service.ts';
import type { Retention } from './retention.ts';
import { createSignedLinks } from './signed-links.ts';

/** Adapters and jobs the records services use. */
export interface RecordsAdapters {
  files: RecordingFiles;
  signer: UrlSigner;
  enricher?: RecordEnricher;
  retention?: Retention;
}

/** No files at all. */
const NO_FILES: RecordingFiles = {
  size: async () => undefined,
  read: () => {
    throw new Error('no recording files configured');
  },
  remove: async () => false,
};

/** Signs nothing that verifies. */
const NO_SIGNER: UrlSigner = { sign: () => 'unsigned', verify: () => false };

/** Builds the records services. */
export function createRecordsServices(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  records?: RecordsAdapters;
  acd?: AcdRuntime;
}) {
  const { store, clock, logger } = deps;
  const links = createSignedLinks({ signer: deps.records?.signer ?? NO_SIGNER, clock, store });
  return {
    links,
    recordings: createRecordingsService({
      store,
      files: deps.records?.files ?? NO_FILES,
      links,
      clock,
      logger,
    }),
    reports: createReportsService({ store, clock, ...(deps.acd ? { acd: deps.acd } : {}) }),
    recordsAdmin: createRecordsAdminService({
      store,
      clock,
      ...(deps.records?.enricher ? { enricher: deps.records.enricher } : {}),
      ...(deps.records?.retention ? { retention: deps.records.retention } : {}),
    }),
  };
}
