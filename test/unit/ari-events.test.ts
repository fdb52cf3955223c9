import { readdirSync, readFileSync } from 'node:fs';
import test from 'ava';
import { Registry } from 'prom-client';
import type { Logger } from '../../src/app/logger.ts';
import { parseAriEvent } from '../../src/asterisk/ari/event-parser.ts';
import { EVENT_SCHEMAS } from '../../src/asterisk/ari/event-schemas.ts';
import type { AriEvent, AriEventType } from '../../src/asterisk/ari/events.ts';
import { createFrameIntake, LOGGED_FRAME_MAX_CHARS } from '../../src/asterisk/ari/frame-intake.ts';
import { createAriMetrics } from '../../src/asterisk/ari/metrics.ts';

const EVENTS_DIR = new URL('../fixtures/ari/events/', import.meta.url);

/** Real frames captured from Asterisk 22, one file per event type. */
function framesOf(type: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(new URL(`${type}.json`, EVENTS_DIR), 'utf8'));
}

const capturedTypes = readdirSync(EVENTS_DIR)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -'.json'.length));

function parsed(raw: string): AriEvent {
  const result = parseAriEvent(raw);
  if (!result.ok) throw new Error(`rejected: ${result.reason} ${result.detail}`);
  return result.event;
}

/** Key fields of the first captured sample of each type. */
const FIRST_SAMPLE: Record<string, Record<string, unknown>> = {
  StasisStart: {
    args: ['inbound', '100'],
    application: 'callcenter',
    asterisk_id: '02:fc:00:00:00:01',
    channel: {
      id: '1795424176.1',
      state: 'Ring',
      caller: { name: '', number: '' },
      dialplan: { context: 'from-trunk', exten: '100', app_data: 'callcenter,inbound,100' },
    },
  },
  StasisEnd: { channel: { id: '1795424176.0', state: 'Up' } },
  ChannelCreated: { channel: { name: 'Local/100@from-trunk-00000000;1', state: 'Down' } },
  ChannelDestroyed: { cause: 16, cause_txt: 'Normal Clearing', channel: { id: '1795424176.0' } },
  ChannelStateChange: { channel: { id: '1795424176.1', state: 'Up' } },
  ChannelDtmfReceived: { digit: '1', duration_ms: 100, channel: { id: '1795424194.6' } },
  ChannelHangupRequest: { cause: 32, soft: true, channel: { id: '1795424176.0' } },
  ChannelVarset: { variable: 'STASISSTATUS', value: '', channel: { id: '1795424176.1' } },
  ChannelDialplan: { dialplan_app: 'AppDial2', dialplan_app_data: '(Outgoing Line)' },
  ChannelCallerId: {
    caller_presentation: 0,
    caller_presentation_txt: 'Presentation Allowed, Not Screened',
  },
  ChannelConnectedLine: { channel: { id: '1795424182.2', connected: { number: '5551234' } } },
  BridgeCreated: {
    bridge: {
      id: 'f509a4f2-90f3-4462-863f-bac4cddc4549',
      bridge_type: 'mixing',
      technology: 'simple_bridge',
      channels: [],
    },
  },
  BridgeDestroyed: { bridge: { id: 'f509a4f2-90f3-4462-863f-bac4cddc4549' } },
  ChannelEnteredBridge: {
    bridge: { id: 'f509a4f2-90f3-4462-863f-bac4cddc4549' },
    channel: { id: '1795424182.2' },
  },
  ChannelLeftBridge: {
    bridge: { id: 'f509a4f2-90f3-4462-863f-bac4cddc4549' },
    channel: { id: '1795424182.2' },
  },
  Dial: { dialstatus: '', dialstring: '100@from-trunk', peer: { id: '1795424176.0' } },
  DeviceStateChanged: { device_state: { name: 'Local/100@from-trunk', state: 'INUSE' } },
  PlaybackStarted: { playback: { id: 'pb-1795424313.17', state: 'playing' } },
  PlaybackFinished: { playback: { id: 'pb-1795424313.17', state: 'done' } },
  RecordingStarted: { recording: { name: 'lab-rec-1795424313-17', state: 'recording' } },
  RecordingFinished: { recording: { name: 'lab-rec-1795424313-17', state: 'done', duration: 0 } },
  ContactStatusChange: {
    endpoint: { technology: 'PJSIP', resource: '1001', state: 'online' },
    contact_info: { aor: '1001', contact_status: 'NonQualified', uri: 'sip:1001@127.0.0.1:5071' },
  },
  PeerStatusChange: { endpoint: { resource: '1001' }, peer: { peer_status: 'Reachable' } },
};

test('a fixture exists for every captured event type', (t) => {
  t.deepEqual([...capturedTypes].sort(), Object.keys(FIRST_SAMPLE).sort());
});

for (const type of capturedTypes) {
  test(`every captured ${type} frame parses to ${type}`, (t) => {
    const frames = framesOf(type);
    t.true(frames.length > 0);
    for (const frame of frames) t.is(parsed(JSON.stringify(frame)).type as string, type);
    t.like(parsed(JSON.stringify(frames[0])), { type, ...FIRST_SAMPLE[type] });
  });
}

test('Dial carries the caller and ANSWER once the peer answers', (t) => {
  const answered = framesOf('Dial').find((frame) => frame.dialstatus === 'ANSWER');
  t.truthy(answered);
  const event = parsed(JSON.stringify(answered));
  if (event.type !== 'Dial') return t.fail();
  t.is(event.caller?.id, '1795424332.22');
  t.is(event.peer.id, '1795424332.23');
});

test('a hangup request without cause (far end) parses with cause undefined', (t) => {
  const noCause = framesOf('ChannelHangupRequest').find((frame) => !('cause' in frame));
  const event = parsed(JSON.stringify(noCause));
  if (event.type !== 'ChannelHangupRequest') return t.fail();
  t.is(event.cause, undefined);
  t.is(event.channel.id, '1795424203.8');
});

test('every frame of a captured bridged call parses, in order', (t) => {
  const lines = readFileSync(new URL('sequence-bridged-call.jsonl', EVENTS_DIR), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
  const types = lines.map((line) => parsed(line).type);
  t.is(types.length, lines.length);
  t.is(types.at(-1), 'BridgeDestroyed');
  t.true(types.includes('ChannelEnteredBridge'));
});

// Types that the captures do not contain, built on a real channel with the
// fields events.json defines for them.
const realChannel = framesOf('StasisStart')[0]?.channel;
const realEndpoint = framesOf('ContactStatusChange')[0]?.endpoint;
const realRecording = framesOf('RecordingStarted')[0]?.recording as Record<string, unknown>;
const envelope = {
  timestamp: '2026-11-23T08:58:36.773+0000',
  asterisk_id: '02:fc:00:00:00:01',
  application: 'callcenter',
};
const UNCAPTURED: Record<string, Record<string, unknown>> = {
  ChannelHold: { channel: realChannel, musicclass: 'default' },
  ChannelUnhold: { channel: realChannel },
  ChannelUserevent: {
    eventname: 'AgentReady',
    userevent: { eventname: 'AgentReady', agent: '1001' },
    channel: realChannel,
  },
  EndpointStateChange: { endpoint: { ...(realEndpoint as object), state: 'offline' } },
  RecordingFailed: { recording: { ...realRecording, state: 'failed', cause: 'write error' } },
  ApplicationReplaced: {},
};

for (const [type, fields] of Object.entries(UNCAPTURED)) {
  test(`${type} in its spec shape parses`, (t) => {
    const event = parsed(JSON.stringify({ type, ...envelope, ...fields }));
    t.like(event, { type, ...fields });
  });
}

test('every consumed type has a schema and a test', (t) => {
  const covered = new Set([...capturedTypes, ...Object.keys(UNCAPTURED)]);
  const consumed = Object.keys(EVENT_SCHEMAS) as AriEventType[];
  t.is(consumed.length, 29);
  t.deepEqual(
    consumed.filter((type) => !covered.has(type)),
    [],
  );
});

test('extra fields pass through, top level and nested', (t) => {
  const frame = framesOf('StasisStart')[0] as Record<string, unknown>;
  const channel = { ...(frame.channel as object), caller_rdnis: '2000', future_field: 1 };
  const event = parsed(JSON.stringify({ ...frame, channel, extra: { a: 1 } }));
  t.like(event as unknown as Record<string, unknown>, {
    extra: { a: 1 },
    channel: { caller_rdnis: '2000', future_field: 1 },
  });
});

test('an unnamed channel state reads as Unknown and a missing protocol_id as empty', (t) => {
  const frame = framesOf('ChannelStateChange')[0] as Record<string, unknown>;
  const { protocol_id: _dropped, ...channel } = frame.channel as Record<string, unknown>;
  const event = parsed(
    JSON.stringify({ ...frame, channel: { ...channel, state: 'Unknown (42)' } }),
  );
  if (event.type !== 'ChannelStateChange') return t.fail();
  t.is(event.channel.state, 'Unknown');
  t.is(event.channel.protocol_id, '');
});

const stasisStart = framesOf('StasisStart')[0] as Record<string, unknown>;
const withoutKey = (object: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

const REJECTED: Array<[string, string, string]> = [
  ['not JSON', '{"type":"StasisStart",', 'malformed_json'],
  ['an empty frame', '', 'malformed_json'],
  ['a JSON array', '[{"type":"StasisStart"}]', 'not_an_event'],
  ['JSON null', 'null', 'not_an_event'],
  ['a numeric type', '{"type":5}', 'not_an_event'],
  ['no type', JSON.stringify(withoutKey(stasisStart, 'type')), 'not_an_event'],
  [
    'an unconsumed type',
    JSON.stringify({ ...envelope, type: 'ChannelTalkingStarted' }),
    'unknown_type',
  ],
  ['a prototype key as type', JSON.stringify({ ...envelope, type: 'constructor' }), 'unknown_type'],
  [
    'StasisStart without channel',
    JSON.stringify(withoutKey(stasisStart, 'channel')),
    'invalid_fields',
  ],
  [
    'StasisStart whose channel has no id',
    JSON.stringify({
      ...stasisStart,
      channel: withoutKey(stasisStart.channel as Record<string, unknown>, 'id'),
    }),
    'invalid_fields',
  ],
  [
    'an event without application',
    JSON.stringify(withoutKey(stasisStart, 'application')),
    'invalid_fields',
  ],
  [
    'a DTMF event with a numeric digit',
    JSON.stringify({ ...framesOf('ChannelDtmfReceived')[0], digit: 1 }),
    'invalid_fields',
  ],
];

for (const [what, raw, reason] of REJECTED) {
  test(`rejects ${what} as ${reason}`, (t) => {
    const result = parseAriEvent(raw);
    t.false(result.ok);
    if (!result.ok) t.is(result.reason as string, reason);
  });
}

test('the rejection detail names the missing field', (t) => {
  const result = parseAriEvent(JSON.stringify(withoutKey(stasisStart, 'channel')));
  if (result.ok) return t.fail();
  t.is(result.type, 'StasisStart');
  t.regex(result.detail, /channel/);
});

function capturingLogger() {
  const warnings: Array<Record<string, unknown>> = [];
  const debugs: Array<Record<string, unknown>> = [];
  const ignore = () => undefined;
  const logger: Logger = {
    fatal: ignore,
    error: ignore,
    warn: (obj: unknown) => {
      warnings.push(obj as Record<string, unknown>);
    },
    info: ignore,
    debug: (obj: unknown) => {
      debugs.push(obj as Record<string, unknown>);
    },
    trace: ignore,
    child: () => logger,
  };
  return { logger, warnings, debugs };
}

async function counterValue(registry: Registry, name: string, labels: Record<string, string>) {
  const metric = registry.getSingleMetric(name);
  const values = (await metric?.get())?.values ?? [];
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value;
}

test('the intake returns events, and logs and counts rejected frames by reason', async (t) => {
  const registry = new Registry();
  const { logger, warnings, debugs } = capturingLogger();
  const intake = createFrameIntake({ logger, metrics: createAriMetrics(registry) });
  const rejected = 'callwright_ari_frames_rejected_total';

  t.is(intake(JSON.stringify(stasisStart))?.type, 'StasisStart');
  t.is(intake('{oops'), undefined);
  t.is(intake(JSON.stringify({ ...envelope, type: 'ChannelTalkingStarted' })), undefined);
  t.is(intake(JSON.stringify({ ...envelope, type: 'ChannelTalkingStarted' })), undefined);
  t.is(intake(JSON.stringify(withoutKey(stasisStart, 'channel'))), undefined);

  t.is(await counterValue(registry, rejected, { reason: 'malformed_json' }), 1);
  t.is(await counterValue(registry, rejected, { reason: 'unknown_type' }), 2);
  t.is(await counterValue(registry, rejected, { reason: 'invalid_fields' }), 1);
  t.is(await counterValue(registry, rejected, { reason: 'not_an_event' }), 0);
  t.is(await counterValue(registry, 'callwright_ari_events_total', { type: 'StasisStart' }), 1);
  // Broken frames are warnings; types Asterisk sends that callwright does not consume are not.
  t.deepEqual(
    warnings.map((w) => w.reason),
    ['malformed_json', 'invalid_fields'],
  );
  t.deepEqual(
    debugs.map((w) => w.reason),
    ['unknown_type', 'unknown_type'],
  );
  t.is(warnings[0]?.frame, '{oops');
});

test('a rejected frame is logged truncated', (t) => {
  const { logger, warnings } = capturingLogger();
  const intake = createFrameIntake({ logger, metrics: createAriMetrics(new Registry()) });
  const huge = JSON.stringify({ ...withoutKey(stasisStart, 'channel'), blob: 'x'.repeat(10_000) });
  intake(huge);
  const frame = String(warnings[0]?.frame);
  t.true(frame.length < LOGGED_FRAME_MAX_CHARS + 40);
  t.true(huge.startsWith(frame.slice(0, LOGGED_FRAME_MAX_CHARS)));
  t.regex(frame, new RegExp(`\\(${huge.length} chars\\)$`));
});
