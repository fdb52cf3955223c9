/**
 * Calls the far ends start themselves: an agent phone going off-hook and
 * dialling (an extension, AGT-9), and a far end following a SIP REFER
 * after ARI redirect. chan_pjsip redirects a channel that has not answered
 * with a 302 and an answered one with a REFER (channels/chan_pjsip.c
 * `transfer`); either way the far end, not Asterisk, places the next call.
 * A phone dials from its own endpoint into its context; the trunk's far end
 * (the carrier) calls back in on the trunk from the same caller number.
 */
import type { Channels } from './channels.ts';
import { type Endpoints, TRUNK } from './endpoints.ts';
import type { IdAllocator } from './ids.ts';
import type { InboundCalls } from './inbound.ts';
import type { Channel } from './model.ts';
import type { Pbx } from './pbx.ts';

/** Q.850 23: redirected to a new destination (what a 302 ends the call with). */
const REDIRECTED = 23;

/** The user part of a redirect target: `2002`, `sip:2002@pbx` and `5551234@trunk` give the number. */
export function referTarget(resource: string): string {
  const user = resource.replace(/^sips?:/i, '');
  const at = user.indexOf('@');
  return at < 0 ? user : user.slice(0, at);
}

/** Calls placed by phones and far ends. */
export class PhoneCalls {
  constructor(
    private readonly channels: Channels,
    private readonly ids: IdAllocator,
    private readonly endpoints: Endpoints,
    private readonly inbound: InboundCalls,
    private readonly pbx: Pbx,
  ) {}

  /**
   * Agent phone `ext` dials `to`: a `PJSIP/<ext>-N` channel in state Ring
   * runs the phone context's dialplan (the shipped `agents` context dials
   * the other extension). Undefined when the phone is unknown or not registered.
   */
  dial(ext: string, to: string): Channel | undefined {
    const phone = this.endpoints.phone(ext);
    if (!phone?.behaviour.registered) return undefined;
    const ch = this.channels.create({
      tech: 'PJSIP',
      name: `PJSIP/${ext}-${this.ids.sequence('PJSIP')}`,
      state: 'Ring',
      context: this.endpoints.phoneContext,
      exten: to,
      caller: { name: phone.callerName, number: ext },
      endpoint: `PJSIP/${ext}`,
      protocolId: this.ids.callId(),
    });
    ch.extra.set('dnid', to);
    this.pbx.start(ch);
    return ch;
  }

  /**
   * ARI redirect of a PJSIP channel to `resource`. Before answer the far end
   * gets a 302 and the channel ends with cause 23; after answer it gets a
   * REFER: it places the call to the target itself, then hangs up (BYE).
   */
  redirect(ch: Channel, resource: string): void {
    if (ch.state !== 'Up') {
      this.channels.requestHangup(ch, 'remote', REDIRECTED);
      return;
    }
    const target = referTarget(resource);
    const ext = ch.endpoint.startsWith('PJSIP/') ? ch.endpoint.slice('PJSIP/'.length) : '';
    if (ext === TRUNK) {
      this.inbound.place({ from: ch.caller.number, fromName: ch.caller.name, to: target });
    } else if (ext !== '') {
      this.dial(ext, target);
    }
    this.channels.requestHangup(ch, 'remote', 16);
  }
}
