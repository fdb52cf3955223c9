/**
 * The ARI events in-call control hears, from captured Asterisk 22 frames:
 * a channel appearing on a phone that we did not originate (an internal
 * call, seen through the `endpoint:PJSIP` subscription), and a leg of ours
 * entering the application with `leg,<callId>`.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { legAppArgs, translateAcdEvent } from '../../src/asterisk/acd/acd-events.ts';
import type { AriEvent } from '../../src/asterisk/ari/client.ts';
import { parseAriEvent } from '../../src/asterisk/ari/event-parser.ts';

function frame(name: string, patch: (raw: Record<string, unknown>) => void = () => {}): AriEvent {
  const raw = JSON.parse(
    readFileSync(new URL(`../fixtures/acd/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  patch(raw);
  const parsed = parseAriEvent(JSON.stringify(raw));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.detail}`);
  return parsed.event;
}

const onPhone = (raw: Record<string, unknown>) => {
  const channel = raw.channel as Record<string, unknown>;
  channel.id = '1795424330.21';
  channel.name = 'PJSIP/1001-00000004';
};

test('a channel created on a phone we did not ring is that phone being busy', (t) => {
  t.deepEqual(translateAcdEvent(frame('trunk-channel-created', onPhone), new Set()), {
    type: 'phone-busy',
    endpoint: 'PJSIP/1001',
    channelId: '1795424330.21',
  });
  // The trunk is an endpoint too; the runtime finds no agent on it.
  t.like(translateAcdEvent(frame('trunk-channel-created'), new Set()), {
    type: 'phone-busy',
    endpoint: 'PJSIP/trunk',
  });
});

test('a channel we originated (an offer or a leg) is never reported as a busy phone', (t) => {
  const ours = new Set(['1795424330.21']);
  t.is(translateAcdEvent(frame('trunk-channel-created', onPhone), ours), null);
  const snoop = frame('trunk-channel-created', (raw) => {
    (raw.channel as Record<string, unknown>).name = 'Snoop/1795424330.21-00000000';
  });
  t.is(translateAcdEvent(snoop, new Set()), null);
});

test('a leg of in-call control entering the application is answered; it leaves the offers set', (t) => {
  const offers = new Set(['1795424324.20']);
  const start = frame('agent-stasis-start', (raw) => {
    raw.args = legAppArgs('1795424203.8').split(',');
  });
  t.deepEqual(translateAcdEvent(start, offers), {
    type: 'leg-answered',
    channelId: '1795424324.20',
  });
  t.false(offers.has('1795424324.20'));
});
