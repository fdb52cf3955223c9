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

/** Builds the link on `ari`, whose Stasis application is `app`. */
export function createAriAcdLink(ari: AriClient, app: string, logger: Logger): AriAcdLink {
  const offers = new Set<string>();
  return {
    control: createAriCallControl(ari, app, offers, logger),
    subscribe: (handle) =>
      ari.onEvent((event) => {
        const translated = translateAcdEvent(event, offers);
        if (translated !== null) handle(translated);
      }),
  };
}
