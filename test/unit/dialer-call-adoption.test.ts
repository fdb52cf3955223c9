import test from 'ava';
import { adoptedCall, agentLegOf, dialerBridgeOf } from '../../src/app/dialer/call-adoption.ts';
import type { CampaignRun } from '../../src/app/dialer/campaign-run.ts';
import type { Attempt, ListRecord } from '../../src/app/dialer/ports.ts';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../../src/domain/dialer/campaign.ts';

const runWith = (amd: boolean) =>
  ({ campaign: { settings: { ...DEFAULT_CAMPAIGN_SETTINGS, amd } } }) as unknown as CampaignRun;

const record = {
  id: 7,
  numbers: [
    { e164: '+33600000001', attempts: 1 },
    { e164: '+33600000002', attempts: 0 },
  ],
} as unknown as ListRecord;

const attempt = (patch: Partial<Attempt>): Attempt => ({
  id: 3,
  campaignId: 'c1',
  recordId: 7,
  e164: '+33600000002',
  channelId: 'cw-dial-1',
  agentId: 'a1',
  startedAt: 1000,
  answeredAt: null,
  connectedAt: null,
  endedAt: null,
  outcome: null,
  amd: null,
  hangupCause: null,
  disposition: null,
  notes: null,
  dtmf: null,
  ...patch,
});

test('a connected call comes back with its agent leg, bridge and the number it dialled', (t) => {
  const live = new Set(['cw-dial-1', agentLegOf('cw-dial-1')]);
  const call = adoptedCall(
    runWith(true),
    attempt({ answeredAt: 2000, connectedAt: 2500 }),
    record,
    live,
  );
  t.like(call, {
    id: 'cw-dial-1',
    attemptId: 3,
    numberIndex: 1,
    agentLeg: 'cw-dial-1-agent',
    agentUp: true,
    humanAt: 2000,
    connectedAt: 2500,
    bridgeId: dialerBridgeOf('cw-dial-1'),
    calleeGone: false,
    done: false,
  });
});

test('an answered call waiting for an agent is a human only without AMD', (t) => {
  const answered = attempt({ answeredAt: 2000 });
  const live = new Set(['cw-dial-1']);
  t.is(adoptedCall(runWith(false), answered, record, live).humanAt, 2000);
  t.is(adoptedCall(runWith(true), answered, record, live).humanAt, null, 'the verdict is unknown');
});

test('an agent leg the PBX no longer holds is not taken back', (t) => {
  const call = adoptedCall(
    runWith(false),
    attempt({ answeredAt: 2000, connectedAt: 2500 }),
    record,
    new Set(['cw-dial-1']),
  );
  t.is(call.agentLeg, null);
  t.false(call.agentUp);
});
