/**
 * Creating outbound channels from dial strings: `PJSIP/1001` (agent phone),
 * `PJSIP/1001/sip:1001@10.0.0.50:5060` (the phone at an explicit contact
 * URI: chan_pjsip sends the INVITE there whether or not the phone registered
 * with this Asterisk), `PJSIP/<number>@trunk` (trunk callee), `Local/<exten>@<context>[/n]`
 * (a Local pair: `;1` is the dialed leg, `;2` runs the dialplan).
 * Naming and initial snapshots follow the capture (ari-originate-*.json).
 */
import type { Channels } from './channels.ts';
import { type Endpoints, TRUNK } from './endpoints.ts';
import type { IdAllocator } from './ids.ts';
import type { Channel, Party } from './model.ts';

/** A parsed dial string. */
export type DialTarget =
  | {
      tech: 'PJSIP';
      resource: string;
      number: string | undefined;
      dialstring: string;
      /** Explicit contact URI (`PJSIP/<endpoint>/<uri>`), if given. */
      uri?: string;
    }
  | { tech: 'Local'; exten: string; context: string; options: string; dialstring: string };

/** Parses `Tech/resource`; undefined when malformed or of an unknown technology. */
export function parseDialString(endpoint: string): DialTarget | undefined {
  const slash = endpoint.indexOf('/');
  if (slash <= 0 || slash === endpoint.length - 1) return undefined;
  const tech = endpoint.slice(0, slash);
  const rest = endpoint.slice(slash + 1);
  if (tech.toUpperCase() === 'PJSIP') {
    const uriSlash = rest.indexOf('/');
    if (uriSlash > 0) {
      const uri = rest.slice(uriSlash + 1);
      if (!/^sips?:/.test(uri)) return undefined;
      const resource = rest.slice(0, uriSlash);
      return { tech: 'PJSIP', resource, number: undefined, dialstring: rest, uri };
    }
    const at = rest.indexOf('@');
    if (at < 0) return { tech: 'PJSIP', resource: rest, number: undefined, dialstring: rest };
    return {
      tech: 'PJSIP',
      resource: rest.slice(at + 1),
      number: rest.slice(0, at),
      dialstring: rest,
    };
  }
  if (tech.toLowerCase() === 'local') {
    const [dest = '', options = ''] = rest.split('/');
    const at = dest.indexOf('@');
    const exten = at < 0 ? dest : dest.slice(0, at);
    const context = at < 0 ? 'default' : dest.slice(at + 1);
    if (!exten) return undefined;
    return { tech: 'Local', exten, context, options, dialstring: `${exten}@${context}` };
  }
  return undefined;
}

/** Why a leg could not be created (ARI: 500 Allocation failed; Dial: CHANUNAVAIL). */
export type LegError = 'unavailable';

/** Options for {@link LegFactory.create}. */
export interface LegOptions {
  id?: string;
  otherId?: string;
  /** `AppDial2` for originates, `AppDial` for Dial(), `AppQueue` for queues. */
  app: string;
  linkedid?: string;
}

/** Creates outbound legs. */
export class LegFactory {
  constructor(
    private readonly channels: Channels,
    private readonly endpoints: Endpoints,
    private readonly ids: IdAllocator,
  ) {}

  /** Creates the leg for a target (both halves for Local); emits ChannelCreated and the AppDial step. */
  create(target: DialTarget, o: LegOptions): Channel | LegError {
    const leg = target.tech === 'Local' ? this.local(target, o) : this.pjsip(target, o);
    if (leg === 'unavailable') return leg;
    leg.originated = true;
    leg.extra.set('dialing', true);
    this.channels.step(leg, o.app, '(Outgoing Line)');
    return leg;
  }

  private pjsip(target: Extract<DialTarget, { tech: 'PJSIP' }>, o: LegOptions): Channel | LegError {
    let caller: Party = { name: '', number: '' };
    let context = 'from-trunk';
    if (target.resource !== TRUNK) {
      const phone = this.endpoints.phone(target.resource);
      // An explicit URI reaches the phone without a registration here (a
      // phone registered on another node); otherwise the AOR needs a contact.
      if (!phone || (target.uri === undefined && !phone.behaviour.registered)) return 'unavailable';
      caller = { name: phone.callerName, number: phone.ext };
      context = this.endpoints.phoneContext;
    }
    return this.channels.create({
      tech: 'PJSIP',
      name: `PJSIP/${target.resource}-${this.ids.sequence('PJSIP')}`,
      state: 'Down',
      context,
      exten: 's',
      ...(o.id ? { id: o.id } : {}),
      ...(o.linkedid ? { linkedid: o.linkedid } : {}),
      caller,
      endpoint: `PJSIP/${target.resource}`,
      protocolId: this.ids.uuid(),
    });
  }

  private local(target: Extract<DialTarget, { tech: 'Local' }>, o: LegOptions): Channel {
    const base = `Local/${target.exten}@${target.context}-${this.ids.sequence('Local')}`;
    const loc = { context: target.context, exten: target.exten };
    const one = this.channels.create({
      tech: 'Local',
      name: `${base};1`,
      state: 'Down',
      ...loc,
      ...(o.id ? { id: o.id } : {}),
      ...(o.linkedid ? { linkedid: o.linkedid } : {}),
    });
    const two = this.channels.create({
      tech: 'Local',
      name: `${base};2`,
      state: 'Ring',
      ...loc,
      ...(o.otherId ? { id: o.otherId } : {}),
      linkedid: one.linkedid,
    });
    one.localPeer = two;
    two.localPeer = one;
    two.extra.set('localOptions', target.options);
    return one;
  }
}
