/**
 * Starts the whole simulated Asterisk: the core, the dialplan engine and
 * FastAGI client plugged in, the ARI server (with the /_sim/ control API on
 * the same port) and the AMI server. `close()` releases every socket and
 * timer. Used by `npm run sim` (main.ts), by callwright's `PBX=sim` mode and
 * by tests (ports 0, a virtual clock).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AmiServer, createAmiServer } from './ami/server.ts';
import type { AriDeps, AsteriskIdentity } from './ari/context.ts';
import { AriServer } from './ari/server.ts';
import { SimControl } from './control/control-api.ts';
import { RequestLog } from './control/request-log.ts';
import { controlHandler } from './control/routes.ts';
import { fastAgiRunner } from './core/agi-adapter.ts';
import { CoreAmiBackend } from './core/ami-backend.ts';
import type { PhoneBehaviour } from './core/behaviours.ts';
import { RealClock, type SimClock } from './core/clock.ts';
import { SimCore } from './core/core.ts';
import { dialplanRunner } from './core/dialplan-adapter.ts';
import { Scheduler } from './core/scheduler.ts';
import { type SimLogger, silentLogger, toSimLog } from './core/sim-log.ts';
import { createDialplan } from './dialplan/engine.ts';
import type { SoundTable } from './media/sounds.ts';
import { TrafficGenerator } from './traffic/generator.ts';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** ARI/HTTP port; 0 picks a free one. Default 8088. */
  ariPort?: number;
  /** AMI port; 0 picks a free one; `null` disables AMI. Default 5038. */
  amiPort?: number | null;
  /** Listen address. Default 127.0.0.1. */
  host?: string;
  ariUser: string;
  ariPassword: string;
  /** AMI users: name -> secret. */
  amiUsers?: Record<string, string>;
  /** `host:port` every AGI() URL is sent to (the FastAGI server); default: as written in the dialplan. */
  agiTarget?: string;
  /** Directory of `*.conf` dialplan files. Default `dialplan`. */
  dialplanDir?: string;
  /** Where recordings are written. Default a directory under the OS temp dir. */
  recordingsDir?: string;
  seed?: number;
  /** Time source; default the wall clock. Tests pass a VirtualClock. */
  clock?: SimClock;
  logger?: SimLogger;
  /** Agent phone extensions. Default 1001..1099. */
  phones?: string[];
  phoneBehaviour?: PhoneBehaviour;
  sounds?: SoundTable;
  /** HTTP `Server:` header (http.conf servername). */
  serverName?: string;
  /** Overrides of the identity shown by /asterisk/info and events. */
  identity?: Partial<AsteriskIdentity>;
  /** AMI: manager.c waits 1 s before refusing a login; tests pass 0. */
  amiAuthFailDelayMs?: number;
}

/** A running simulator. */
export interface Simulator {
  /** `http://host:port` of ARI (append `/ari/...`). */
  ariUrl: string;
  ariPort: number;
  /** Bound AMI port (0 when disabled). */
  amiPort: number;
  /** In-process control API (same operations as /_sim/). */
  control: SimControl;
  /** The core, for tests that inspect the model directly. */
  core: SimCore;
  /** Releases every socket and timer. */
  close(): Promise<void>;
}

const DEFAULT_IDENTITY: AsteriskIdentity = {
  version: '22.10.1',
  entityId: '02:fc:00:00:00:01',
  systemName: '',
  buildDate: '2026-11-23 08:48:02 UTC',
  kernel: '6.18.44-fc-v782',
};

/** 1001..1099. */
export function defaultPhones(): string[] {
  return Array.from({ length: 99 }, (_, i) => String(1001 + i));
}

/** Starts a simulator. */
export async function startSimulator(o: SimulatorOptions): Promise<Simulator> {
  const logger = o.logger ?? silentLogger;
  // The caller binds the component (callwright passes logger.child({ component: 'sim' })).
  const log = toSimLog(logger);
  const scheduler = new Scheduler(o.clock ?? new RealClock());
  const seed = o.seed ?? 1;
  const core = new SimCore({
    scheduler,
    seed,
    recordingsDir: o.recordingsDir ?? join(tmpdir(), 'callwright-sim-recordings'),
    phones: o.phones ?? defaultPhones(),
    ...(o.phoneBehaviour ? { phoneBehaviour: o.phoneBehaviour } : {}),
    ...(o.sounds ? { sounds: o.sounds } : {}),
    ...(o.identity?.systemName ? { systemName: o.identity.systemName } : {}),
    log,
  });
  const dialplan = createDialplan(o.dialplanDir ?? 'dialplan');
  core.plug({
    dialplan: (host) => dialplanRunner(dialplan, host),
    agi: fastAgiRunner(dialplan, core.bus, o.agiTarget),
  });
  const globals = dialplan.config.globals;
  const identity = { ...DEFAULT_IDENTITY, ...o.identity };
  const deps: AriDeps = { core, identity, globals };
  const requests = new RequestLog();
  const traffic = new TrafficGenerator(scheduler, (req) => core.inbound.place(req).id);
  const ami = o.amiPort === null ? undefined : new AmiHolder(core, globals, o, logger, scheduler);
  let ari: AriServer | undefined;
  const control = new SimControl({
    core,
    traffic,
    requests,
    dropAriSockets: () => ari?.sockets.dropAll() ?? 0,
    dropAmiSockets: async () => (ami ? ami.drop() : 0),
  });
  ari = new AriServer({
    deps,
    credentials: { user: o.ariUser, password: o.ariPassword },
    serverName: o.serverName ?? `Asterisk/${identity.version}`,
    control: controlHandler(control, seed),
    onRequest: (e) => requests.add(e),
  });
  const host = o.host ?? '127.0.0.1';
  const ariPort = await ari.listen(o.ariPort ?? 8088, host);
  const amiPort = ami ? await ami.start(o.amiPort ?? 5038, host) : 0;
  log('info', 'simulator started', { ariPort, amiPort });
  return {
    ariUrl: `http://${host}:${ariPort}`,
    ariPort,
    amiPort,
    control,
    core,
    async close() {
      traffic.stop();
      await ari?.close();
      await ami?.close();
      core.shutdown();
      scheduler.close();
    },
  };
}

/** The AMI server, restartable on the same port (fault injection drops every session). */
class AmiHolder {
  private server: AmiServer | undefined;
  private port = 0;
  private host = '127.0.0.1';

  constructor(
    private readonly core: SimCore,
    private readonly globals: Map<string, string>,
    private readonly o: SimulatorOptions,
    private readonly logger: SimLogger,
    private readonly scheduler: Scheduler,
  ) {}

  async start(port: number, host: string): Promise<number> {
    this.host = host;
    this.server = this.create(port);
    this.port = await this.server.listen();
    return this.port;
  }

  /** Closes every AMI session and listens again on the same port; resolves once listening. */
  async drop(): Promise<number> {
    const old = this.server;
    if (!old) return 0;
    const n = old.sessionCount();
    this.server = undefined;
    await old.close();
    this.server = this.create(this.port);
    await this.server.listen();
    return n;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    await s?.close();
  }

  private create(port: number): AmiServer {
    return createAmiServer({
      host: this.host,
      port,
      users: this.o.amiUsers ?? {},
      backend: new CoreAmiBackend(this.core, this.globals),
      logger: this.logger.child({ component: 'sim-ami' }),
      now: () => this.scheduler.now(),
      authFailDelayMs: this.o.amiAuthFailDelayMs ?? 1000,
    });
  }
}
