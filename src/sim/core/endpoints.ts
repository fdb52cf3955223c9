/**
 * The PJSIP endpoints: agent phones (PJSIP/1001..1099 by default) and the
 * trunk. Phones have a behaviour (see behaviours.ts) and a registration;
 * registering or unregistering emits PeerStatusChange, ContactStatusChange
 * and a device state change, as a real phone's REGISTER does (capture
 * 08:58:43: PeerStatusChange Reachable, DeviceStateChanged NOT_INUSE,
 * ContactStatusChange NonQualified).
 */
import { DEFAULT_PHONE, type PhoneBehaviour } from './behaviours.ts';
import type { Channels } from './channels.ts';
import { aggregate, type DeviceStates } from './device-states.ts';
import type { EndpointSnapshot, EventBus } from './events.ts';
import type { Channel } from './model.ts';

/** One agent phone. */
export interface Phone {
  ext: string;
  behaviour: PhoneBehaviour;
  /** Caller id name of the endpoint (`Agent 1001`). */
  callerName: string;
  /** SIP port of the phone's contact (for ContactStatus URIs). */
  port: number;
}

/** Name of the trunk endpoint. */
export const TRUNK = 'trunk';

/** Phones, trunk, and their device states. */
export class Endpoints {
  private readonly phones = new Map<string, Phone>();

  constructor(
    private readonly channels: Channels,
    private readonly devices: DeviceStates,
    private readonly bus: EventBus,
    readonly phoneContext: string,
  ) {
    channels.hooks.stateChanged.push((ch) => this.refresh(ch));
    channels.hooks.destroyed.push((ch) => this.refresh(ch));
  }

  /** Creates the configured phones (no events: they were registered at boot). */
  init(exts: readonly string[], behaviour: PhoneBehaviour = DEFAULT_PHONE): void {
    this.phones.clear();
    let port = 5071;
    for (const ext of exts) {
      this.phones.set(ext, {
        ext,
        behaviour: { ...behaviour },
        callerName: `Agent ${ext}`,
        port: port++,
      });
    }
    for (const p of this.phones.values()) this.devices.seed(`PJSIP/${p.ext}`, 'NOT_INUSE');
    this.devices.seed(`PJSIP/${TRUNK}`, 'NOT_INUSE');
  }

  /** The phone for an extension, if configured. */
  phone(ext: string): Phone | undefined {
    return this.phones.get(ext);
  }

  /** All phones. */
  allPhones(): Phone[] {
    return [...this.phones.values()];
  }

  /** Changes a phone's behaviour; (un)registration emits the SIP status events. */
  setBehaviour(ext: string, patch: Partial<PhoneBehaviour>): Phone {
    let phone = this.phones.get(ext);
    if (!phone) {
      phone = {
        ext,
        behaviour: { ...DEFAULT_PHONE, registered: false },
        callerName: `Agent ${ext}`,
        port: 5071 + this.phones.size,
      };
      this.phones.set(ext, phone);
    }
    const wasRegistered = phone.behaviour.registered;
    phone.behaviour = { ...phone.behaviour, ...patch };
    if (wasRegistered !== phone.behaviour.registered) this.announceRegistration(phone);
    return phone;
  }

  /** The contact URI a phone registers (ContactStatusChange, PJSIPShowContacts). */
  contactUri(phone: Phone): string {
    return `sip:${phone.ext}@127.0.0.1:${phone.port}`;
  }

  /** Contacts of the registered phones, qualify off as in our pjsip.conf (NonQualified). */
  contacts(): Array<{ endpoint: string; aor: string; uri: string; status: string }> {
    return [...this.phones.values()]
      .filter((p) => p.behaviour.registered)
      .map((p) => ({
        endpoint: p.ext,
        aor: p.ext,
        uri: this.contactUri(p),
        status: 'NonQualified',
      }));
  }

  /** ARI Endpoint JSON data for every endpoint. */
  list(): EndpointSnapshot[] {
    const phones = [...this.phones.values()].map((p) => this.snapshot('PJSIP', p.ext)!);
    return [...phones, this.snapshot('PJSIP', TRUNK)!];
  }

  /** One endpoint, or undefined. */
  snapshot(tech: string, resource: string): EndpointSnapshot | undefined {
    if (tech !== 'PJSIP') return undefined;
    const phone = this.phones.get(resource);
    if (!phone && resource !== TRUNK) return undefined;
    const online = resource === TRUNK || phone?.behaviour.registered === true;
    return {
      technology: 'PJSIP',
      resource,
      state: online ? 'online' : 'offline',
      channelIds: this.channelsOf(`PJSIP/${resource}`).map((c) => c.id),
    };
  }

  private channelsOf(endpoint: string): Channel[] {
    return this.channels.list().filter((c) => c.endpoint === endpoint && !c.destroyed);
  }

  /** Recomputes the device state of a channel's endpoint (after a hold or unhold). */
  refreshChannel(ch: Channel): void {
    this.refresh(ch);
  }

  private refresh(ch: Channel): void {
    if (ch.endpoint.startsWith('PJSIP/')) {
      const res = ch.endpoint.slice(6);
      if (res === TRUNK)
        this.devices.set(ch.endpoint, aggregate(this.channelsOf(ch.endpoint), true));
      else this.refreshDevice(res);
    } else if (ch.tech === 'Local') {
      const device = ch.name.replace(/-[0-9a-f]{8};[12]$/, '');
      const live = this.channels
        .list()
        .filter((c) => c.tech === 'Local' && c.name.startsWith(`${device}-`));
      this.devices.set(device, live.some((c) => c.state === 'Up') ? 'INUSE' : 'NOT_INUSE');
    }
  }

  private refreshDevice(ext: string): void {
    const phone = this.phones.get(ext);
    const device = `PJSIP/${ext}`;
    this.devices.set(
      device,
      aggregate(this.channelsOf(device), phone?.behaviour.registered === true),
    );
  }

  private announceRegistration(phone: Phone): void {
    const reg = phone.behaviour.registered;
    const endpoint = this.snapshot('PJSIP', phone.ext)!;
    this.bus.emit({
      type: 'PeerStatusChange',
      endpoint,
      peerStatus: reg ? 'Reachable' : 'Unreachable',
    });
    this.refreshDevice(phone.ext);
    this.bus.emit({
      type: 'ContactStatusChange',
      endpoint,
      uri: this.contactUri(phone),
      contactStatus: reg ? 'NonQualified' : 'Removed',
      aor: phone.ext,
    });
  }
}
