/**
 * Bridges: creation, channels entering and leaving, destruction. Event order
 * per the capture: ChannelEnteredBridge, then BRIDGEPEER on each party, then
 * ChannelConnectedLine on each party; on leaving, BRIDGEPEER is cleared on
 * the leaving channel before ChannelLeftBridge.
 */
import type { AppRegistry } from './apps.ts';
import type { Channels } from './channels.ts';
import type { EventBus } from './events.ts';
import type { IdAllocator } from './ids.ts';
import { Bridge, type BridgeClass, type Channel } from './model.ts';

/** Parameters of {@link Bridges.create}. */
export interface CreateBridge {
  id?: string;
  /** `mixing` (default) or `holding`. */
  type?: string;
  name?: string;
  bridgeClass: BridgeClass;
}

/** The live bridges. */
export class Bridges {
  private readonly byId = new Map<string, Bridge>();
  /** Called after a channel left a bridge (Dial bridges dissolve on it). */
  readonly onLeft: Array<(bridge: Bridge, ch: Channel) => void> = [];
  /** Called before BridgeDestroyed (stop bridge playbacks/recordings). */
  readonly onDestroying: Array<(bridge: Bridge) => void> = [];

  constructor(
    private readonly bus: EventBus,
    private readonly ids: IdAllocator,
    private readonly channels: Channels,
    private readonly apps: AppRegistry,
    private readonly now: () => number,
  ) {}

  get(id: string): Bridge | undefined {
    return this.byId.get(id);
  }

  list(): Bridge[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Creates a bridge and emits BridgeCreated. */
  create(o: CreateBridge): Bridge {
    const type = o.type?.split(',').includes('holding') ? 'holding' : 'mixing';
    const creator = o.bridgeClass === 'stasis' ? 'Stasis' : '';
    const bridge = new Bridge(
      o.id ?? this.ids.uuid(),
      type,
      o.bridgeClass,
      creator,
      o.name ?? '',
      this.now(),
    );
    this.byId.set(bridge.id, bridge);
    this.bus.emit({ type: 'BridgeCreated', bridge: bridge.snapshot() });
    return bridge;
  }

  /** Puts a channel into a bridge (moving it out of any other one first). */
  add(bridge: Bridge, ch: Channel): void {
    if (ch.bridgeId === bridge.id) return;
    if (ch.bridgeId) this.leave(ch);
    bridge.channels.push(ch.id);
    ch.bridgeId = bridge.id;
    if (ch.stasisApp) this.apps.subscribeBridge(ch.stasisApp, bridge.id);
    this.propagateLinkedid(bridge);
    this.bus.emit({
      type: 'ChannelEnteredBridge',
      bridge: bridge.snapshot(),
      channel: ch.snapshot(),
    });
    if (bridge.bridgeType === 'holding') return;
    const members = this.members(bridge);
    if (members.length < 2) return;
    for (const m of members) {
      const others = members.filter((o) => o !== m);
      this.channels.setVar(m, 'BRIDGEPEER', others.map((o) => o.name).join(','));
      if (others.length === 1) m.lastPeerName = others[0]!.name;
    }
    if (members.length === 2) {
      const [a, b] = members as [Channel, Channel];
      this.channels.setConnected(a, b.caller);
      this.channels.setConnected(b, a.caller);
    }
  }

  /** Takes a channel out of its bridge. */
  leave(ch: Channel): void {
    const bridge = ch.bridgeId ? this.byId.get(ch.bridgeId) : undefined;
    if (!bridge) {
      ch.bridgeId = '';
      return;
    }
    if (ch.vars.get('BRIDGEPEER')) this.channels.setVar(ch, 'BRIDGEPEER', '');
    const i = bridge.channels.indexOf(ch.id);
    if (i >= 0) bridge.channels.splice(i, 1);
    ch.bridgeId = '';
    this.bus.emit({ type: 'ChannelLeftBridge', bridge: bridge.snapshot(), channel: ch.snapshot() });
    for (const h of this.onLeft) h(bridge, ch);
  }

  /** Destroys a bridge: remaining channels leave it, then BridgeDestroyed. */
  destroy(bridge: Bridge): void {
    if (!this.byId.has(bridge.id)) return;
    for (const h of this.onDestroying) h(bridge);
    for (const ch of this.members(bridge)) this.leave(ch);
    this.byId.delete(bridge.id);
    this.bus.emit({ type: 'BridgeDestroyed', bridge: bridge.snapshot() });
    this.apps.forgetBridge(bridge.id);
  }

  /** Drops every bridge without events (reset/close). */
  clear(): void {
    this.byId.clear();
  }

  /** Live channels of a bridge, in entry order. */
  members(bridge: Bridge): Channel[] {
    return bridge.channels
      .map((id) => this.channels.get(id))
      .filter((c): c is Channel => c !== undefined);
  }

  /** Asterisk links every channel in a bridge to the oldest linkedid among them. */
  private propagateLinkedid(bridge: Bridge): void {
    const members = this.members(bridge);
    const oldest = members.map((m) => m.linkedid).sort(compareUniqueid)[0];
    if (oldest) for (const m of members) m.linkedid = oldest;
  }
}

/** Orders uniqueids `<epoch>.<n>` chronologically. */
function compareUniqueid(a: string, b: string): number {
  const [as, an] = a.split('.').map(Number);
  const [bs, bn] = b.split('.').map(Number);
  return (as ?? 0) - (bs ?? 0) || (an ?? 0) - (bn ?? 0);
}
