/**
 * PJSIPShowContacts (res_pjsip/pjsip_options.c ami_show_contacts): one
 * ContactList event per registered contact, then ContactListComplete.
 * Asterisk answers an error when there is no contact at all.
 */
import type { ActionHandler } from './action-types.ts';
import { error, listAck, listComplete, listItem } from './responses.ts';

const showContacts: ActionHandler = ({ msg, session, server }) => {
  const contacts = server.backend.contacts();
  if (contacts.length === 0) {
    session.send(error(msg, 'No Contacts found'));
    return 'keep';
  }
  session.send(listAck(msg, 'A listing of Contacts follows, presented as ContactList events'));
  for (const c of contacts) {
    session.send(
      listItem(msg, 'ContactList', [
        ['ObjectType', 'contact'],
        // Sorcery names a dynamic contact `<aor>;@<hash of the URI>`.
        ['ObjectName', `${c.aor};@${contactHash(c.uri)}`],
        ['ViaAddr', ''],
        ['ViaPort', '0'],
        ['QualifyTimeout', '3.000000'],
        ['CallId', ''],
        ['RegServer', server.backend.systemName],
        ['PruneOnBoot', 'false'],
        ['Path', ''],
        ['Endpoint', c.endpoint],
        ['AuthenticateQualify', 'false'],
        ['Uri', c.uri],
        ['QualifyFrequency', '0'],
        ['UserAgent', ''],
        ['ExpirationTime', '0'],
        ['OutboundProxy', ''],
        ['Status', c.status],
        ['RoundtripUsec', 'N/A'],
      ]),
    );
  }
  session.send(listComplete(msg, 'ContactListComplete', contacts.length));
  return 'keep';
};

/** A stable 32-hex-digit stand-in for the MD5 sorcery puts in contact ids. */
function contactHash(uri: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < uri.length; i++) h = Math.imul(h ^ uri.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(4);
}

/** The actions of this file, by lower-case name. */
export const PJSIP_ACTIONS: Record<string, ActionHandler> = {
  pjsipshowcontacts: showContacts,
};
