/**
 * The simulated PBX's core: wires the channel table, bridges, Stasis, media,
 * endpoints, dialing and inbound callers together. The ARI server, the AMI
 * backend and the control API all act on one SimCore.
 */
import type { AppHost } from '../dialplan/app-host.ts';
import { RecordingStore } from '../media/recording-store.ts';
import { Sounds, type SoundTable } from '../media/sounds.ts';
import { type AgiRunner, SimAppHost } from './app-host-impl.ts';
import { AppRegistry } from './apps.ts';
import { DEFAULT_PHONE, type PhoneBehaviour } from './behaviours.ts';
import { Bridges } from './bridges.ts';
import { Channels } from './channels.ts';
import { DeviceStates } from './device-states.ts';
import { DialApp } from './dial-app.ts';
import { type DialDeps, indicateUpstream, installDialHooks } from './dial-attempt.ts';
import { Dtmf } from './dtmf.ts';
import { Endpoints } from './endpoints.ts';
import { EventBus } from './events.ts';
import { FarEnds } from './far-ends.ts';
import { IdAllocator } from './ids.ts';
import { InboundCalls } from './inbound.ts';
import { LegFactory } from './legs.ts';
import { Originator } from './originate.ts';
import { type DialplanRunner, Pbx } from './pbx.ts';
import { PhoneCalls } from './phone-calls.ts';
import { Playbacks } from './playbacks.ts';
import { Recordings } from './recordings.ts';
import { deriveRng, type Rng } from './rng.ts';
import type { Scheduler } from './scheduler.ts';
import type { SimLog } from './sim-log.ts';
import { StasisControl } from './stasis.ts';

/** Configuration of a core. */
export interface CoreOptions {
  scheduler: Scheduler;
  seed: number;
  recordingsDir: string;
  /** Agent phone extensions (default 1001..1099). */
  phones: readonly string[];
  phoneBehaviour?: PhoneBehaviour;
  /** Context of the agent phone endpoints (pjsip.conf `context =`). */
  phoneContext?: string;
  /** Context inbound trunk calls start in. */
  inboundContext?: string;
  sounds?: SoundTable;
  defaultSoundMs?: number;
  /**
   * asterisk.conf `systemname`: when set, uniqueids read `<name>-<epoch>.<n>`
   * (channel_internal_api.c), which keeps them apart between several nodes.
   */
  systemName?: string;
  log: SimLog;
}

/** Pluggable libraries: the dialplan engine and the FastAGI client. */
export interface CorePlugins {
  dialplan?: (host: AppHost) => DialplanRunner;
  agi?: AgiRunner;
}

/** Everything the simulated PBX is made of. */
export class SimCore {
  readonly scheduler: Scheduler;
  readonly bus: EventBus;
  readonly ids: IdAllocator;
  readonly rng: Rng;
  readonly apps = new AppRegistry();
  readonly channels: Channels;
  readonly bridges: Bridges;
  readonly stasis: StasisControl;
  readonly devices: DeviceStates;
  readonly endpoints: Endpoints;
  readonly farEnds: FarEnds;
  readonly sounds: Sounds;
  readonly store: RecordingStore;
  readonly playbacks: Playbacks;
  readonly recordings: Recordings;
  readonly dtmf: Dtmf;
  readonly pbx: Pbx;
  readonly legs: LegFactory;
  readonly originator: Originator;
  readonly dialApp: DialApp;
  readonly host: SimAppHost;
  readonly inbound: InboundCalls;
  readonly phoneCalls: PhoneCalls;
  readonly log: SimLog;
  /** Simulated time the core started (asterisk/info startup_time). */
  readonly startedAt: number;
  private runner: DialplanRunner | undefined;
  private agiRunner: AgiRunner | undefined;

  constructor(
    private readonly opts: CoreOptions,
    plugins: CorePlugins = {},
  ) {
    const now = () => opts.scheduler.now();
    this.scheduler = opts.scheduler;
    this.log = opts.log;
    this.startedAt = now();
    this.rng = deriveRng(opts.seed, 'core');
    this.bus = new EventBus(now);
    this.ids = new IdAllocator(deriveRng(opts.seed, 'ids'), opts.systemName ?? '');
    this.channels = new Channels(this.bus, this.ids, now);
    this.bridges = new Bridges(this.bus, this.ids, this.channels, this.apps, now);
    // Unwind order matters: Stasis first (it leaves the bridge before StasisEnd).
    this.stasis = new StasisControl(this.channels, this.bridges, this.apps, this.bus);
    this.channels.hooks.unwind.push((ch) => {
      if (ch.bridgeId && !ch.stasisApp) this.bridges.leave(ch);
    });
    this.devices = new DeviceStates(this.bus);
    this.endpoints = new Endpoints(
      this.channels,
      this.devices,
      this.bus,
      opts.phoneContext ?? 'agents',
    );
    this.endpoints.init(opts.phones, opts.phoneBehaviour ?? DEFAULT_PHONE);
    this.farEnds = new FarEnds(
      this.endpoints,
      this.channels,
      this.scheduler,
      deriveRng(opts.seed, 'far-ends'),
    );
    this.sounds = new Sounds(opts.sounds, opts.defaultSoundMs);
    this.store = new RecordingStore(opts.recordingsDir);
    this.playbacks = new Playbacks(this.scheduler, this.bus, this.ids, this.sounds, (n) =>
      this.store.durationMs(n),
    );
    this.recordings = new Recordings(this.scheduler, this.bus, this.store);
    this.dtmf = new Dtmf(this.bus, this.scheduler, this.channels);
    this.pbx = new Pbx(this.channels, () => this.runner, this.log);
    installDialHooks(this.channels);
    const dialDeps: DialDeps = {
      channels: this.channels,
      bus: this.bus,
      scheduler: this.scheduler,
      farEnds: this.farEnds,
      pbx: this.pbx,
    };
    this.legs = new LegFactory(this.channels, this.endpoints, this.ids);
    this.originator = new Originator(dialDeps, this.legs, this.stasis, this.apps);
    this.dialApp = new DialApp(dialDeps, this.legs, this.bridges);
    this.host = new SimAppHost({
      channels: this.channels,
      scheduler: this.scheduler,
      stasis: this.stasis,
      dtmf: this.dtmf,
      sounds: this.sounds,
      recordings: this.recordings,
      dialApp: this.dialApp,
      agi: () => this.agiRunner,
      indicate: (ch, what) => {
        indicateUpstream(ch, what);
        this.inbound.indicated(ch, what);
      },
      log: this.log,
    });
    this.inbound = new InboundCalls(
      this.channels,
      this.ids,
      this.pbx,
      this.dtmf,
      this.scheduler,
      this.bus,
      opts.inboundContext ?? 'from-trunk',
    );
    this.phoneCalls = new PhoneCalls(
      this.channels,
      this.ids,
      this.endpoints,
      this.inbound,
      this.pbx,
    );
    this.wireMedia();
    this.plug(plugins);
  }

  /** Plugs in (or replaces) the dialplan engine and FastAGI client. */
  plug(plugins: CorePlugins): void {
    if (plugins.dialplan) this.runner = plugins.dialplan(this.host);
    if (plugins.agi) this.agiRunner = plugins.agi;
  }

  /** True when a dialplan engine is plugged in. */
  hasDialplan(): boolean {
    return this.runner !== undefined;
  }

  /** Hangs up every channel, destroys every bridge and forgets state (POST /_sim/reset). */
  reset(): void {
    for (const ch of this.channels.list()) this.channels.requestHangup(ch, 'api');
    // Channels still running a dialplan would be destroyed when it unwinds; do it now.
    for (const ch of this.channels.list()) this.channels.destroy(ch);
    for (const b of this.bridges.list()) this.bridges.destroy(b);
    this.channels.clear();
    this.bridges.clear();
    this.playbacks.clear();
    this.recordings.clear();
    this.stasis.clear();
    this.dtmf.clear();
    this.inbound.clear();
    this.apps.reset();
    this.endpoints.init(this.opts.phones, this.opts.phoneBehaviour ?? DEFAULT_PHONE);
  }

  /** Stops everything without events (close()). */
  shutdown(): void {
    this.channels.clear();
    this.bridges.clear();
    this.playbacks.clear();
    this.recordings.clear();
    this.stasis.clear();
    this.dtmf.clear();
    this.inbound.clear();
  }

  /** Media stops with the channel/bridge it plays on; digits end recordings. */
  private wireMedia(): void {
    const stopChannelMedia = (ch: { id: string }) => {
      this.playbacks.stopTarget(`channel:${ch.id}`);
      this.recordings.stopTarget(`channel:${ch.id}`);
    };
    this.stasis.onLeaving.push(stopChannelMedia);
    this.channels.hooks.destroying.push((ch) => {
      stopChannelMedia(ch);
      this.recordings.stopTarget(`mixmonitor:${ch.id}`);
      if (ch.bridgeId) this.bridges.leave(ch);
      for (const snoop of this.channels.list()) {
        if (snoop.tech === 'Snoop' && snoop.extra.get('spied') === ch.id) {
          this.channels.requestHangup(snoop, 'peer', 16);
        }
      }
    });
    this.bridges.onDestroying.push((b) => {
      this.playbacks.stopTarget(`bridge:${b.id}`);
      this.recordings.stopTarget(`bridge:${b.id}`);
    });
    this.dtmf.onDigit.push((ch, digit) => this.recordings.dtmf(`channel:${ch.id}`, digit));
  }
}
