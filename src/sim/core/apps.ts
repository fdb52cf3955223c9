/**
 * Stasis applications and what each one is subscribed to. Subscriptions are
 * reference counted the way res_stasis counts them: an originate with `app=`
 * subscribes the app to the new channel (and, for a Local channel, to its
 * other half too), entering Stasis adds one, leaving Stasis drops one. That
 * is why an app still gets ChannelDestroyed for a channel it originated but
 * not for a trunk channel that merely passed through Stasis (README,
 * "Observed behaviour").
 */

/** One registered (or formerly registered) Stasis app. */
export class StasisApp {
  /** True while a WebSocket is attached. */
  active = false;
  /** subscribeAll=true on the WebSocket: receives every event. */
  subscribeAll = false;
  readonly channels = new Map<string, number>();
  readonly bridges = new Map<string, number>();
  readonly endpoints = new Set<string>();
  readonly devices = new Set<string>();

  constructor(readonly name: string) {}

  /** True when the app should see events about this channel. */
  watchesChannel(id: string): boolean {
    return this.subscribeAll || (this.channels.get(id) ?? 0) > 0;
  }

  /** True when the app should see events about this bridge. */
  watchesBridge(id: string): boolean {
    return this.subscribeAll || (this.bridges.get(id) ?? 0) > 0;
  }

  /** True when the app should see events about this endpoint (`PJSIP/1001`). */
  watchesEndpoint(tech: string, resource: string): boolean {
    return (
      this.subscribeAll || this.endpoints.has(`${tech}/${resource}`) || this.endpoints.has(tech)
    );
  }

  /** True when the app should see this device's state changes. */
  watchesDevice(name: string): boolean {
    return this.subscribeAll || this.devices.has(name);
  }
}

const inc = (m: Map<string, number>, k: string): void => {
  m.set(k, (m.get(k) ?? 0) + 1);
};
const dec = (m: Map<string, number>, k: string): void => {
  const n = (m.get(k) ?? 0) - 1;
  if (n > 0) m.set(k, n);
  else m.delete(k);
};

/** Every app ever registered since the last reset. */
export class AppRegistry {
  private readonly apps = new Map<string, StasisApp>();

  /** Registers (or re-activates) an app for a new WebSocket. */
  activate(name: string, subscribeAll: boolean): StasisApp {
    const app = this.ensure(name);
    app.active = true;
    app.subscribeAll = subscribeAll;
    return app;
  }

  /** Marks an app inactive when its WebSocket goes away (its channels stay in Stasis). */
  deactivate(name: string): void {
    const app = this.apps.get(name);
    if (app) {
      app.active = false;
      app.subscribeAll = false;
    }
  }

  /** The app, or undefined when never registered. */
  get(name: string): StasisApp | undefined {
    return this.apps.get(name);
  }

  /** True when an app with a live WebSocket exists. */
  isActive(name: string): boolean {
    return this.apps.get(name)?.active === true;
  }

  /** All known apps. */
  list(): StasisApp[] {
    return [...this.apps.values()];
  }

  /** Active apps only (event fan-out). */
  active(): StasisApp[] {
    return this.list().filter((a) => a.active);
  }

  subscribeChannel(name: string, channelId: string): void {
    inc(this.ensure(name).channels, channelId);
  }

  unsubscribeChannel(name: string, channelId: string): void {
    const app = this.apps.get(name);
    if (app) dec(app.channels, channelId);
  }

  subscribeBridge(name: string, bridgeId: string): void {
    const app = this.ensure(name);
    // One subscription per app is enough: it lasts until the bridge is destroyed.
    if (!app.bridges.has(bridgeId)) app.bridges.set(bridgeId, 1);
  }

  unsubscribeBridge(name: string, bridgeId: string): void {
    this.apps.get(name)?.bridges.delete(bridgeId);
  }

  /** Drops every subscription to a destroyed channel. */
  forgetChannel(channelId: string): void {
    for (const app of this.apps.values()) app.channels.delete(channelId);
  }

  /** Drops every subscription to a destroyed bridge. */
  forgetBridge(bridgeId: string): void {
    for (const app of this.apps.values()) app.bridges.delete(bridgeId);
  }

  /** Forgets everything (POST /_sim/reset keeps active WebSockets registered). */
  reset(): void {
    for (const app of this.apps.values()) {
      app.channels.clear();
      app.bridges.clear();
      app.endpoints.clear();
      app.devices.clear();
    }
    for (const [name, app] of this.apps) if (!app.active) this.apps.delete(name);
  }

  private ensure(name: string): StasisApp {
    let app = this.apps.get(name);
    if (!app) {
      app = new StasisApp(name);
      this.apps.set(name, app);
    }
    return app;
  }
}
