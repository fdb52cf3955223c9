/**
 * DNIS routing of the demo data (ACD-8): the numbers the demo's callers
 * dial and the queue each reaches. Calls arrive on the simulator's (or the
 * lab's) PJSIP endpoint `trunk`. DIDs starting with 8 are not here: the
 * shipped dialplan sends those through the IVR first.
 */
import type { DidTable } from '../src/app/acd/did-routes.ts';

/** The demo routing table. */
export const demoDidTable: DidTable = {
  trunks: ['trunk'],
  dids: [
    { did: '33170000001', businessLine: 'Acme Retail', queue: 'Sales' },
    { did: '33170000002', businessLine: 'Acme Retail', queue: 'Billing' },
    { did: '12125550100', businessLine: 'Globex Support', queue: 'Helpdesk' },
  ],
};
