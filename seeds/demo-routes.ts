/**
 * DNIS routing of the demo data (ACD-8): the numbers the demo's callers
 * dial and the queue each reaches, written into the DID table on first
 * start (edit them afterwards through GraphQL: `didRoutes`,
 * `createDidRoute`...). DIDs starting with 8 go through the IVR first (the
 * shipped dialplan); the one here is the IVR number's fallback, used only
 * when the IVR cannot run.
 */
import type { DidTable } from '../src/app/acd/did-seed.ts';

/** The demo routing table. */
export const demoDidTable: DidTable = {
  dids: [
    { did: '33170000001', businessLine: 'Acme Retail', queue: 'Sales' },
    { did: '33170000002', businessLine: 'Acme Retail', queue: 'Billing' },
    { did: '12125550100', businessLine: 'Globex Support', queue: 'Helpdesk' },
    // Straight to Camille Martin (extension 1001).
    { did: '33170000010', businessLine: 'Acme Retail', agentExtension: '1001' },
    // The demo IVR number (seeds/demo-ivr.ts): where its callers go when the IVR cannot run.
    { did: '8100', businessLine: 'Acme Retail', queue: 'Sales' },
  ],
};
