/**
 * Device states: computed ones (`PJSIP/1001`, `PJSIP/trunk`, `Local/x@ctx`)
 * derived from the channels on the device, and ARI-controlled ones
 * (`Stasis:<name>`, PUT /deviceStates). A change emits DeviceStateChanged
 * (ARI) and DeviceStateChange (AMI).
 */
import type { EventBus } from './events.ts';
import type { Channel } from './model.ts';

/** States ARI accepts on PUT /deviceStates/{name}. */
export const DEVICE_STATES = new Set([
  'NOT_INUSE',
  'INUSE',
  'BUSY',
  'INVALID',
  'UNAVAILABLE',
  'RINGING',
  'RINGINUSE',
  'ONHOLD',
]);

/** Aggregates channel states the way ast_devstate_aggregate does (simplified). */
export function aggregate(channels: readonly Channel[], available: boolean): string {
  if (!available) return 'UNAVAILABLE';
  // chan_pjsip_devicestate counts a channel on hold as ONHOLD, not INUSE.
  const held = (c: Channel) => c.extra.get('onHold') === true;
  const up = channels.some((c) => (c.state === 'Up' || c.state === 'Ring') && !held(c));
  const ringing = channels.some((c) => c.state === 'Ringing');
  if (up && ringing) return 'RINGINUSE';
  if (ringing) return 'RINGING';
  if (up) return 'INUSE';
  if (channels.some(held)) return 'ONHOLD';
  return channels.length > 0 ? 'INUSE' : 'NOT_INUSE';
}

/** Current device states and ARI-controlled devices. */
export class DeviceStates {
  private readonly states = new Map<string, string>();
  private readonly controlled = new Map<string, string>();

  constructor(private readonly bus: EventBus) {}

  /** State of any device (`UNKNOWN` when never seen, as ast_device_state reports). */
  get(name: string): string {
    return this.controlled.get(name) ?? this.states.get(name) ?? 'UNKNOWN';
  }

  /** Every known device with its state (AMI DeviceStateList). */
  all(): Array<{ device: string; state: string }> {
    const out = new Map(this.states);
    for (const [k, v] of this.controlled) out.set(k, v);
    return [...out].map(([device, state]) => ({ device, state }));
  }

  /** Sets a computed state; emits on change (or always when `force`). */
  set(name: string, state: string, force = false): void {
    if (!force && this.states.get(name) === state) return;
    this.states.set(name, state);
    this.bus.emit({ type: 'DeviceStateChanged', device: name, state });
  }

  /** Records a state without an event (boot-time state). */
  seed(name: string, state: string): void {
    this.states.set(name, state);
  }

  /** ARI-controlled devices (GET /deviceStates). */
  listControlled(): Array<{ name: string; state: string }> {
    return [...this.controlled].map(([name, state]) => ({ name, state }));
  }

  /** PUT /deviceStates/Stasis:x. */
  setControlled(name: string, state: string): void {
    const changed = this.controlled.get(name) !== state;
    this.controlled.set(name, state);
    if (changed) this.bus.emit({ type: 'DeviceStateChanged', device: name, state });
  }

  /** DELETE /deviceStates/Stasis:x; false when unknown. */
  deleteControlled(name: string): boolean {
    if (!this.controlled.delete(name)) return false;
    this.bus.emit({ type: 'DeviceStateChanged', device: name, state: 'UNKNOWN' });
    return true;
  }

  /** Forgets everything (reset). */
  clear(): void {
    this.states.clear();
    this.controlled.clear();
  }
}
