/**
 * Where each agent phone can be reached: the contact URI it registered
 * from. A node that holds a caller rings an agent registered on another
 * node at that URI (`PJSIP/1003/sip:1003@10.0.0.53:5060`): chan_pjsip
 * sends the INVITE there without a registration of its own, so the agent
 * leg and the caller share one node and one bridge.
 *
 * Contacts come from ContactStatusChange events and, after each AMI login,
 * from PJSIPShowContacts (phones registered before we connected send no
 * event). Asterisk answers that action with an error when no contact is
 * registered at all: that is an empty list, not a failure.
 */
import type { AmiClient } from '../ami/ami-client-types.ts';
import { isAmiError } from '../ami/ami-errors.ts';

/** One registered contact of a node. */
export interface PhoneContact {
  /** `PJSIP/1003`. */
  readonly endpoint: string;
  /** `sip:1003@10.0.0.53:5060`. */
  readonly uri: string;
}

/** The contacts registered on one node now, read over its AMI. */
export async function readContacts(ami: Pick<AmiClient, 'action'>): Promise<PhoneContact[]> {
  try {
    const result = await ami.action('PJSIPShowContacts');
    return result.events
      .filter((e) => e.get('Event') === 'ContactList')
      .map((e) => ({ endpoint: `PJSIP/${e.get('Endpoint') ?? ''}`, uri: e.get('Uri') ?? '' }))
      .filter((c) => c.endpoint !== 'PJSIP/' && /^sips?:/.test(c.uri));
  } catch (error) {
    if (
      isAmiError(error) &&
      error.code === 'AMI_ACTION_FAILED' &&
      /no contacts/i.test(error.message)
    )
      return [];
    throw error;
  }
}

/** Contact URIs by phone, per node. */
export class ContactBook {
  private readonly byPhone = new Map<string, { node: string; uri: string }>();

  /** A contact registered (or refreshed) on `node`. */
  set(node: string, endpoint: string, uri: string): void {
    this.byPhone.set(endpoint, { node, uri });
  }

  /** A contact of `node` went away; a newer registration elsewhere stays. */
  remove(node: string, endpoint: string): void {
    if (this.byPhone.get(endpoint)?.node === node) this.byPhone.delete(endpoint);
  }

  /** Replaces what is known of `node` with what it lists now. */
  replaceNode(node: string, contacts: readonly PhoneContact[]): void {
    for (const [endpoint, c] of this.byPhone) if (c.node === node) this.byPhone.delete(endpoint);
    for (const c of contacts) this.byPhone.set(c.endpoint, { node, uri: c.uri });
  }

  /** Forgets every contact of a node that went away. */
  dropNode(node: string): void {
    this.replaceNode(node, []);
  }

  /** The URI of a phone's contact on `node`, if it registered there. */
  uriOn(node: string, endpoint: string): string | undefined {
    const c = this.byPhone.get(endpoint);
    return c?.node === node ? c.uri : undefined;
  }
}
