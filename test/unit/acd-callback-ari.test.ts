/**
 * The callback key on the wire: a captured Asterisk 22 ChannelDtmfReceived
 * (transcripts/ari-events-main.jsonl, a caller pressing 1 while in Stasis)
 * parsed by our client and translated into the runtime's `dtmf-received`.
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import { translateAcdEvent } from '../../src/asterisk/acd/acd-events.ts';
import { parseAriEvent } from '../../src/asterisk/ari/event-parser.ts';

test('a key pressed by a channel in our application becomes dtmf-received with its digit', (t) => {
  const raw = readFileSync(new URL('../fixtures/acd/dtmf-received.json', import.meta.url), 'utf8');
  const parsed = parseAriEvent(raw);
  if (!parsed.ok) throw new Error(parsed.detail);
  t.deepEqual(translateAcdEvent(parsed.event, new Set()), {
    type: 'dtmf-received',
    channelId: '1795424194.6',
    digit: '1',
  });
});
