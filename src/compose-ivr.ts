/**
 * Composition of the IVR, called by `main.ts` only: the IVR store on the
 * main database, the runtime that runs calls, the FastAGI handler the AGI
 * server hands sessions to, the services' IVR dependencies once the PBX
 * link exists, and the demo IVR. It wires, it decides nothing.
 */
import type { Registry } from 'prom-client';
import { demoIvr } from '../seeds/demo-ivr.ts';
import type { Clock } from './app/clock.ts';
import { createIvrRuntime, type IvrRuntime } from './app/ivr/ivr-runtime.ts';
import { seedIvrDemo } from './app/ivr/seed-ivr-demo.ts';
import type { IvrDeps } from './app/ivr/service-deps.ts';
import type { Logger } from './app/logger.ts';
import type { RecordSink } from './app/records/ports.ts';
import type { AgiSession } from './asterisk/agi/agi-server.ts';
import type { AriClient } from './asterisk/ari/client.ts';
import { ivrSessionHandler } from './asterisk/ivr/agi-ivr-entry.ts';
import { ariRecordingFiles } from './asterisk/ivr/ari-recording-files.ts';
import { createHttpLookup } from './asterisk/ivr/http-lookup.ts';
import { createIvrMetrics } from './asterisk/ivr/ivr-metrics.ts';
import { BUILTIN_TTS_ENGINES } from './asterisk/ivr/tts-engines.ts';
import type { Config } from './config.ts';
import { createIvrStore } from './store/ivr/ivr-store.ts';
import type { OpenedStore } from './store/store.ts';

/**
 * Asterisk's recording directory as the PBX sees it (asterisk.conf
 * astspooldir + `/recording`): voicemail is recorded there so that ARI
 * serves it as a stored recording. The simulator maps the same path.
 */
export const ASTERISK_RECORDING_DIR = '/var/spool/asterisk/recording';

/** Seconds an agent or external number rings when a flow sends the call there. */
const DIAL_TIMEOUT_S = 30;

/** What the IVR is built from. */
export interface IvrCompositionDeps {
  config: Config;
  logger: Logger;
  registry: Registry;
  store: OpenedStore;
  clock: Clock;
  records?: RecordSink;
}

/** The composed IVR. */
export interface IvrComposition {
  runtime: IvrRuntime;
  /** The FastAGI server's `onSession`. */
  onAgiSession: (session: AgiSession) => Promise<void>;
  /** The services' IVR dependencies (voicemail audio is read from the PBX over ARI). */
  services(ari: Pick<AriClient, 'recordings'>): IvrDeps;
  /** Loads the demo IVR; returns the problems met. */
  seedDemo(): Promise<string[]>;
}

/** Builds the IVR. */
export function composeIvr(deps: IvrCompositionDeps): IvrComposition {
  const { store, clock, logger } = deps;
  const ivr = createIvrStore(store.knex, clock);
  // External numbers leave on the first trunk of PBX_TRUNKS.
  const trunk = deps.config.PBX_TRUNKS.split(',')[0] ?? 'trunk';
  const runtime = createIvrRuntime({
    store,
    ivr,
    clock,
    logger,
    metrics: createIvrMetrics(deps.registry),
    http: createHttpLookup(),
    dial: {
      externalDialString: (e164) => `PJSIP/${e164}@${trunk}`,
      dialTimeoutS: DIAL_TIMEOUT_S,
    },
    newId: () => crypto.randomUUID(),
    ...(deps.records && { records: deps.records }),
  });
  return {
    runtime,
    onAgiSession: ivrSessionHandler({
      runtime,
      channel: { tts: BUILTIN_TTS_ENGINES, recordingDir: ASTERISK_RECORDING_DIR },
      logger,
    }),
    services: (ari) => ({ store: ivr, recordings: ariRecordingFiles(ari) }),
    seedDemo: () => seedIvrDemo({ store, ivr }, demoIvr),
  };
}
