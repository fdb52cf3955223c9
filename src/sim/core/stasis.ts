/**
 * Channels inside Stasis apps: StasisStart/StasisEnd, the app's channel
 * subscription for the time the channel is in Stasis, and the way out
 * (continue in the dialplan, move to another app, or hangup).
 *
 * Order on the way in (capture): ChannelVarset STASISSTATUS="" (before the
 * app is subscribed, so a trunk channel's app does not see it), StasisStart.
 * On the way out: leave the bridge, stop media, StasisEnd, unsubscribe,
 * ChannelVarset STASISSTATUS=SUCCESS (seen only by apps still subscribed,
 * e.g. the originating app).
 */
import type { AppRegistry } from './apps.ts';
import type { Bridges } from './bridges.ts';
import type { Channels } from './channels.ts';
import type { EventBus } from './events.ts';
import type { Channel } from './model.ts';

/** Dialplan location to continue at. */
export interface Location {
  context: string;
  exten: string;
  priority: number;
}

/** How a channel left Stasis. */
export type StasisExit =
  | { kind: 'continue'; location: Location | undefined }
  | { kind: 'hangup' }
  | { kind: 'failed' };

/** Stasis membership of channels. */
export class StasisControl {
  private readonly waiting = new Map<string, (exit: StasisExit) => void>();
  /** Channels whose Stasis() app sets STASISSTATUS=SUCCESS itself (app_stasis.c). */
  private readonly viaDialplan = new Set<string>();
  /** Run before StasisEnd (media on the channel stops). */
  readonly onLeaving: Array<(ch: Channel) => void> = [];

  constructor(
    private readonly channels: Channels,
    private readonly bridges: Bridges,
    private readonly apps: AppRegistry,
    private readonly bus: EventBus,
  ) {
    channels.hooks.unwind.push((ch) => {
      if (ch.stasisApp) this.exit(ch, { kind: 'hangup' });
    });
  }

  /**
   * Puts a channel into an app. Resolves when it leaves; `failed` at once when
   * the app has no WebSocket (STASISSTATUS=FAILED, the dialplan goes on).
   */
  enter(
    ch: Channel,
    app: string,
    args: readonly string[],
    viaDialplan = false,
  ): Promise<StasisExit> {
    this.channels.setVar(ch, 'STASISSTATUS', '');
    if (!this.apps.isActive(app) || ch.hungUp) {
      // In the dialplan, the Stasis application itself sets FAILED (the engine does).
      if (!viaDialplan) this.channels.setVar(ch, 'STASISSTATUS', 'FAILED');
      return Promise.resolve({ kind: 'failed' });
    }
    if (viaDialplan) this.viaDialplan.add(ch.id);
    return this.start(ch, app, args);
  }

  /** True when the channel is controlled by an app. */
  isIn(ch: Channel): boolean {
    return ch.stasisApp !== undefined;
  }

  /** ARI continue: leave Stasis and go on in the dialplan. */
  continueIn(ch: Channel, location: Location | undefined): void {
    if (ch.stasisApp) this.exit(ch, { kind: 'continue', location });
  }

  /**
   * ARI move: StasisEnd from this app, StasisStart in the other, same
   * waiter. The channel stays in its bridge (the new app is subscribed to
   * it). To an app with no WebSocket the move fails: the channel stays and
   * its app gets ApplicationMoveFailed (res_stasis.c `stasis_app_exec`).
   */
  move(ch: Channel, app: string, args: readonly string[]): boolean {
    const from = ch.stasisApp;
    const waiter = this.waiting.get(ch.id);
    if (!from || !waiter) return false;
    if (!this.apps.isActive(app)) {
      this.bus.emit({
        type: 'ApplicationMoveFailed',
        app: from,
        destination: app,
        args: [...args],
        channel: ch.snapshot(),
      });
      return false;
    }
    this.waiting.delete(ch.id);
    this.leave(ch, from, true);
    if (ch.bridgeId) this.apps.subscribeBridge(app, ch.bridgeId);
    void this.start(ch, app, args).then(waiter);
    return true;
  }

  private start(ch: Channel, app: string, args: readonly string[]): Promise<StasisExit> {
    ch.appName = 'Stasis';
    ch.appData = [app, ...args].join(',');
    // cdr.c follows the snapshot's application, so a channel originated
    // straight into Stasis ends with LastApplication Stasis, LastData
    // `app,args` (ami-events.txt: Cdr of Local/100@from-trunk-00000000;1).
    ch.lastApp = ch.appName;
    ch.lastData = ch.appData;
    ch.stasisApp = app;
    ch.stasisArgs = [...args];
    this.apps.subscribeChannel(app, ch.id);
    this.bus.emit({ type: 'StasisStart', app, args: [...args], channel: ch.snapshot() });
    return new Promise((resolve) => this.waiting.set(ch.id, resolve));
  }

  private exit(ch: Channel, exit: StasisExit): void {
    const app = ch.stasisApp;
    if (!app) return;
    this.leave(ch, app);
    if (exit.kind === 'continue' && exit.location) {
      ch.context = exit.location.context;
      ch.exten = exit.location.exten;
      ch.priority = exit.location.priority;
    }
    if (!this.viaDialplan.delete(ch.id)) this.channels.setVar(ch, 'STASISSTATUS', 'SUCCESS');
    const waiter = this.waiting.get(ch.id);
    this.waiting.delete(ch.id);
    waiter?.(exit);
  }

  private leave(ch: Channel, app: string, keepBridge = false): void {
    if (ch.bridgeId && !keepBridge) this.bridges.leave(ch);
    for (const h of this.onLeaving) h(ch);
    this.bus.emit({ type: 'StasisEnd', app, channel: ch.snapshot() });
    this.apps.unsubscribeChannel(app, ch.id);
    ch.stasisApp = undefined;
  }

  /** Forgets every waiter (reset/close). */
  clear(): void {
    this.waiting.clear();
    this.viaDialplan.clear();
  }
}
