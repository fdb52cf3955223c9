/**
 * Connects the ACD runtime to our ARI client: the call-control port, and
 * the client's events translated for the runtime. Both share the set of
 * offer legs in flight.
 */
import type { PbxCallEvent } from '../../app/acd/pbx-events.ts';
import type { CallControl } from '../../app/acd/ports.ts';
import type { Logger } from '../../app/logger.ts';
import type { AriClient } from '../ari/client.ts';
import { translateAcdEvent } from './acd-events.ts';
import { createAriCallControl } from './ari-call-control.ts';

/** The ACD's side of the ARI connection. */
export interface AriAcdLink {
  readonly control: CallControl;
  /** Delivers every translated event of our application to `handle`; returns the unsubscribe. */
  subscribe(handle: (event: PbxCallEvent) => void): () => void;
}

/** Options of {@link createAriAcdLink}. */
export interface AriAcdLinkOptions {
  /** Endpoint outbound numbers are dialled through (`PJSIP/<number>@<trunk>`); default `trunk`. */
  trunk?: string;
}

/**
 * Builds the link on `ari`, whose Stasis application is `app`. On every
 * (re)connect it subscribes the application to `endpoint:PJSIP`, so calls
 * between extensions that never enter the application still show which
 * agents are busy (AGT-9).
 */
export function createAriAcdLink(
  ari: AriClient,
  app: string,
  logger: Logger,
  options: AriAcdLinkOptions = {},
): AriAcdLink {
  const offers = new Set<string>();
  const log = logger.child({ component: 'acd-ari' });
  ari.onReconnect(async () => {
    try {
      await ari.applications.subscribe('endpoint:PJSIP');
    } catch (error) {
      log.warn({ err: error }, 'phones cannot be watched: internal calls will not show');
    }
  });
  return {
    control: createAriCallControl(ari, app, offers, logger, options.trunk),
    subscribe: (handle) =>
      ari.onEvent((event) => {
        const translated = translateAcdEvent(event, offers);
        if (translated !== null) handle(translated);
      }),
  };
}
