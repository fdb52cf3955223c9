/**
 * The ARI event WebSocket (`/ari/events?app=a,b&subscribeAll=true`).
 * Connecting registers the apps (a second connection for the same app takes
 * it over and the first gets ApplicationReplaced, as Asterisk 22 does);
 * closing deactivates them while their channels stay in Stasis. Every core
 * event is offered to each active app and sent to its connection when the
 * app's subscriptions say so (events.ts).
 */
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { SimCore } from '../core/core.ts';
import type { CoreEvent } from '../core/events.ts';
import { ariTime } from '../core/time-format.ts';
import { ariMessage, receives } from './events.ts';

/** Live ARI WebSockets and the apps they own. */
export class EventSockets {
  readonly wss = new WebSocketServer({ noServer: true });
  private readonly owners = new Map<string, WebSocket>();
  private readonly raw = new WeakMap<WebSocket, Duplex>();
  private readonly corked = new Set<Duplex>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly core: SimCore,
    private readonly asteriskId: string,
  ) {
    this.unsubscribe = core.bus.on((e) => this.dispatch(e));
  }

  /**
   * Adopts an upgraded socket for these apps. `raw` is the TCP socket under
   * it: frames sent in one burst are corked into one write (a call set-up
   * sends a dozen events at once).
   */
  attach(ws: WebSocket, apps: readonly string[], subscribeAll: boolean, raw?: Duplex): void {
    if (raw) this.raw.set(ws, raw);
    for (const name of apps) {
      const previous = this.owners.get(name);
      if (previous && previous !== ws) this.replaced(previous, name);
      this.owners.set(name, ws);
      this.core.apps.activate(name, subscribeAll);
    }
    ws.on('close', () => this.detach(ws));
    ws.on('error', () => this.detach(ws));
    // Clients may send REST-over-WebSocket requests; they are not simulated and are ignored.
    ws.on('message', () => {});
  }

  /** Number of open event sockets. */
  count(): number {
    return this.wss.clients.size;
  }

  /** Kills every socket abruptly (fault injection for reconnect tests). */
  dropAll(): number {
    const all = [...this.wss.clients];
    for (const ws of all) ws.terminate();
    return all.length;
  }

  /** Closes every socket and stops listening to the core. */
  close(): void {
    this.unsubscribe();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private detach(ws: WebSocket): void {
    for (const [name, owner] of [...this.owners]) {
      if (owner !== ws) continue;
      this.owners.delete(name);
      this.core.apps.deactivate(name);
    }
  }

  private replaced(old: WebSocket, name: string): void {
    this.send(
      old,
      JSON.stringify({
        type: 'ApplicationReplaced',
        timestamp: ariTime(this.core.scheduler.now()),
        application: name,
        asterisk_id: this.asteriskId,
      }),
    );
    this.owners.delete(name);
  }

  private dispatch(e: CoreEvent): void {
    for (const app of this.core.apps.active()) {
      if (!receives(app, e)) continue;
      const ws = this.owners.get(app.name);
      if (!ws) continue;
      const msg = ariMessage(e, app.name, this.asteriskId);
      if (msg) this.send(ws, msg);
    }
  }

  private send(ws: WebSocket, msg: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    const raw = this.raw.get(ws);
    if (raw && !this.corked.has(raw)) {
      this.corked.add(raw);
      raw.cork();
      process.nextTick(() => {
        this.corked.delete(raw);
        raw.uncork();
      });
    }
    ws.send(msg);
  }
}
