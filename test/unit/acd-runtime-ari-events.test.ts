/**
 * What the ACD runtime hears from ARI: captured Asterisk 22 frames (a sipp
 * trunk call into Stasis, and a PJSIP agent phone originated into our app,
 * from transcripts/ari-events-*.jsonl) parsed by our client's parser and
 * translated into the runtime's own events.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import type { PbxCallEvent } from '../../src/app/acd/pbx-events.ts';
import { endpointOf, offerAppArgs, translateAcdEvent } from '../../src/asterisk/acd/acd-events.ts';
import type { AriEvent } from '../../src/asterisk/ari/client.ts';
import { parseAriEvent } from '../../src/asterisk/ari/event-parser.ts';

/** A captured frame, optionally changed (e.g. our own appArgs), parsed as the client would. */
function frame(name: string, patch: Record<string, unknown> = {}): AriEvent {
  const raw = JSON.parse(
    readFileSync(new URL(`../fixtures/acd/${name}.json`, import.meta.url), 'utf8'),
  );
  const parsed = parseAriEvent(JSON.stringify({ ...raw, ...patch }));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.detail}`);
  return parsed.event;
}

const AGENT = '1795424324.20';
const TRUNK = '1795424203.8';

const translate = (events: AriEvent[], offers = new Set<string>()) =>
  events.map((e) => translateAcdEvent(e, offers));

test('a trunk call entering Stasis(app,inbound,DID) is an inbound call with ANI, DNIS and trunk', (t) => {
  t.deepEqual(translate([frame('trunk-stasis-start')]), [
    {
      type: 'inbound-entered',
      channelId: TRUNK,
      channelName: 'PJSIP/trunk-00000000',
      ani: 'sipp',
      dnis: '5551234',
      trunk: 'trunk',
      queueId: null,
      // No IVR firewall ran before this call, so it carries no VIP mark.
      whitelisted: false,
    },
  ]);
});

test("a trunk caller's BYE: a hangup without cause, then StasisEnd (no ChannelDestroyed comes)", (t) => {
  const events: (PbxCallEvent | null)[] = [
    { type: 'channel-answered', channelId: TRUNK },
    { type: 'channel-hung-up', channelId: TRUNK, cause: null },
    { type: 'channel-hung-up', channelId: TRUNK, cause: null },
  ];
  t.deepEqual(
    translate([frame('trunk-state-up'), frame('trunk-hangup-request'), frame('trunk-stasis-end')]),
    events,
  );
});

test('an offer leg rings, answers into our app with its appArgs, and later hangs up', (t) => {
  const offers = new Set([AGENT]);
  const answered = frame('agent-stasis-start', {
    args: offerAppArgs('1795424203.8', 'agent-7').split(','),
  });
  const out = translate(
    [
      frame('agent-dial-ringing'),
      frame('agent-state-up'),
      answered,
      frame('agent-hangup-request'),
      frame('agent-destroyed'),
    ],
    offers,
  );
  t.deepEqual(out, [
    { type: 'offer-ringing', channelId: AGENT },
    // Up of an offer leg is not news: its StasisStart says it was answered, and by whom.
    null,
    {
      type: 'offer-answered',
      channelId: AGENT,
      callId: '1795424203.8',
      agentId: 'agent-7',
      channelName: 'PJSIP/1001-00000003',
    },
    // ARI DELETE: cause 32 is the soft-hangup flag, not a Q.850 cause.
    { type: 'channel-hung-up', channelId: AGENT, cause: null },
    { type: 'channel-hung-up', channelId: AGENT, cause: 16 },
  ]);
  t.deepEqual([...offers], []);
});

test('an offer leg that ends unanswered is an offer failure with the real cause', (t) => {
  const offers = new Set([AGENT]);
  const rangOut = frame('agent-destroyed', { cause: 19, cause_txt: 'No answer' });
  t.deepEqual(translate([frame('agent-hangup-request'), rangOut], offers), [
    null,
    { type: 'offer-failed', channelId: AGENT, cause: 19 },
  ]);
  t.deepEqual([...offers], []);
});

test('other Stasis arguments and channels are not the ACD business', (t) => {
  t.deepEqual(translate([frame('agent-stasis-start'), frame('agent-dial-ringing')]), [null, null]);
});

test('the endpoint of a channel comes from its name', (t) => {
  t.is(endpointOf('PJSIP/trunk-00000002'), 'trunk');
  t.is(endpointOf('PJSIP/carrier-a-0000001f'), 'carrier-a');
  t.is(endpointOf('Local/100@from-trunk-00000000;2'), '');
});
