/**
 * The two client connections to one Asterisk (ARI and AMI) opened and closed
 * together, with their readiness for /readyz. (FastAGI is the other way
 * round: Asterisk connects to our server, which main.ts opens first.) After every ARI (re)connect the
 * reconcile hook gets the live channels and bridges, so state owned by the
 * app can be rebuilt from what Asterisk really has (STYLE habit 5).
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../app/logger.ts';
import { type AmiClient, createAmiClient } from './ami/ami-client.ts';
import { type AriClient, type Bridge, type Channel, createAriClient } from './ari/client.ts';

/** What the reconcile hook receives after an ARI (re)connect. */
export interface PbxSnapshot {
  channels: Channel[];
  bridges: Bridge[];
  /** When the listing was asked for (ms): what started after it may be missing from it. */
  listedAt: number;
}

/** Settings of {@link openPbxLink}. */
export interface PbxLinkOptions {
  ari: { url: string; user: string; password: string; app: string };
  ami: { host: string; port: number; username: string; secret: string };
  logger: Logger;
  registry: Registry;
  /** Runs after every ARI (re)connect with what Asterisk has now. */
  reconcile: (snapshot: PbxSnapshot) => Promise<void>;
}

/** The open connections. */
export interface PbxLink {
  ari: AriClient;
  ami: AmiClient;
  /** Resolves once ARI is connected (and reconciled) and AMI is logged in. */
  ready(): Promise<void>;
  /** Readiness of each connection, for /readyz. */
  readiness(): Array<{ name: string; ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

/** ARI's readiness: while the event socket is down Asterisk hands us no call. */
function ariReadiness(ari: AriClient): { name: string; ok: boolean; detail: string } {
  if (ari.state === 'connected') return { name: 'ari', ok: true, detail: 'connected' };
  return { name: 'ari', ok: false, detail: `${ari.state}: no calls reach the ACD; retrying` };
}

/** AMI's readiness, with why the last attempt failed and when the next one is due. */
function amiReadiness(ami: AmiClient): { name: string; ok: boolean; detail?: string } {
  const status = ami.status();
  if (status.connected) return { name: 'ami', ok: true };
  const why = status.lastError ? `: ${status.lastError.message}` : '';
  const next = status.nextRetryMs === undefined ? '' : `; retrying in ${status.nextRetryMs} ms`;
  return { name: 'ami', ok: false, detail: `not logged in${why}${next}` };
}

/**
 * Starts the ARI and AMI clients. Resolves without waiting for Asterisk: the clients keep reconnecting in the
 * background and readiness says when they are up.
 */
export function openPbxLink(options: PbxLinkOptions): PbxLink {
  const { logger, registry } = options;
  const log = logger.child({ component: 'pbx-link' });
  const ari = createAriClient({ ...options.ari, logger, registry });
  ari.onReconnect(async () => {
    const listedAt = Date.now();
    const [channels, bridges] = await Promise.all([ari.channels.list(), ari.bridges.list()]);
    log.info({ channels: channels.length, bridges: bridges.length }, 'ARI connected: reconciling');
    await options.reconcile({ channels, bridges, listedAt });
  });
  const ami = createAmiClient({ ...options.ami, logger, registry });
  ami.onReconnect(() => log.info('AMI logged in'));
  // Not awaited: start-up must not hang while Asterisk is down; the clients retry forever.
  ari.connect().catch((error: unknown) => log.debug({ err: error }, 'ARI connect ended'));
  ami.whenConnected().catch((error: unknown) => log.error({ err: error }, 'AMI login failed'));
  return {
    ari,
    ami,
    ready: async () => {
      await Promise.all([ari.connect(), ami.whenConnected()]);
    },
    readiness: () => [ariReadiness(ari), amiReadiness(ami)],
    async close() {
      await Promise.allSettled([ari.close(), ami.close()]);
    },
  };
}
