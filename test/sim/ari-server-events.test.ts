/**
 * ARI WebSocket events of the simulator against the captured sequences
 * (test/fixtures/sim/events-*.json, from transcripts/ari-events-main.jsonl):
 * same types, same order, same key fields; subscription rules from the
 * README's "Observed behaviour".
 */
import { readFileSync } from 'node:fs';
import test from 'ava';
import {
  type AriEvent,
  channelOf,
  type SimHarness,
  startHarness,
  trimEvent,
} from './ari-server-harness.ts';

const fixture = (name: string): Array<Record<string, unknown>> =>
  (
    JSON.parse(readFileSync(new URL(`../fixtures/sim/${name}`, import.meta.url), 'utf8')) as {
      events: [];
    }
  ).events;

let h: SimHarness;
test.before(async () => {
  h = await startHarness();
});
test.after.always(async () => {
  await h?.close();
});

const isArgs = (first: string) => (e: AriEvent) =>
  e.type === 'StasisStart' && (e.args as string[])[0] === first;

/** Runs the S1 scenario: originate Local/100@from-trunk into callcenter, answer ;2, hang up ;1. */
async function scenarioS1(
  cc: import('./ari-server-harness.ts').EventLog,
): Promise<{ one: string; two: string }> {
  const from = cc.events.length;
  const res = await h.rest(
    'POST',
    '/ari/channels?endpoint=Local%2F100%40from-trunk&app=callcenter&appArgs=originated',
  );
  const one = (res.body as { id: string }).id;
  const inbound = await cc.waitFor(isArgs('inbound'), from);
  const two = channelOf(inbound)!.id;
  t204(await h.rest('POST', `/ari/channels/${two}/answer`));
  await cc.waitFor(isArgs('originated'), from);
  t204(await h.rest('DELETE', `/ari/channels/${one}`));
  await cc.next('ChannelDestroyed', two, from);
  return { one, two };
}

function t204(r: { status: number; text: string }): void {
  if (r.status !== 204) throw new Error(`expected 204, got ${r.status} ${r.text}`);
}

test.serial(
  'originate Local into Stasis, answer, hang up: the app sees the captured sequence',
  async (t) => {
    const cc = await h.events('callcenter');
    const obs = await h.events('observer', true);
    await scenarioS1(cc);
    await cc.flush();
    await obs.flush();
    t.deepEqual(cc.events.map(trimEvent), fixture('events-s1-local-originate-callcenter.json'));
    const observed = obs.events.filter((e) => e.type !== 'DeviceStateChanged').map(trimEvent);
    t.deepEqual(observed, fixture('events-s1-local-originate-observer.json'));
    await cc.close();
    await obs.close();
  },
);

test.serial(
  'originating Local/x@ctx with app= puts both halves into Stasis with their own args',
  async (t) => {
    const cc = await h.events('callcenter');
    const { one, two } = await scenarioS1(cc);
    const starts = cc.events.filter((e) => e.type === 'StasisStart');
    t.deepEqual(
      starts.map((e) => [channelOf(e)!.id, e.args]),
      [
        [two, ['inbound', '100']],
        [one, ['originated']],
      ],
    );
    t.regex(channelOf(starts[0]!)!.name, /^Local\/100@from-trunk-[0-9a-f]{8};2$/);
    t.regex(channelOf(starts[1]!)!.name, /^Local\/100@from-trunk-[0-9a-f]{8};1$/);
    await cc.close();
  },
);

test.serial(
  'bridge scenario: events on the app-controlled channels follow the capture',
  async (t) => {
    const cc = await h.events('callcenter');
    const customer = (
      await h.rest(
        'POST',
        '/ari/channels?endpoint=Local%2F100%40sim-customer&app=callcenter&appArgs=bridge&callerId=5551234',
      )
    ).body as { id: string };
    await cc.next('StasisStart', customer.id);
    const bridge = (await h.rest('POST', '/ari/bridges?type=mixing&name=cc-test')).body as {
      id: string;
    };
    t204(await h.rest('POST', `/ari/bridges/${bridge.id}/addChannel?channel=${customer.id}`));
    const cid = encodeURIComponent('"Customer" <5551234>');
    const agent = (
      await h.rest(
        'POST',
        `/ari/channels?endpoint=Local%2F2001%40sim-agent&app=callcenter&appArgs=agent,${bridge.id},${customer.id}&callerId=${cid}`,
      )
    ).body as { id: string };
    await cc.next('StasisStart', agent.id);
    t204(await h.rest('POST', `/ari/bridges/${bridge.id}/addChannel?channel=${agent.id}`));
    await cc.next('ChannelConnectedLine', agent.id);
    await h.advance(3000);
    t204(await h.rest('DELETE', `/ari/channels/${customer.id}`));
    t204(await h.rest('DELETE', `/ari/channels/${agent.id}`));
    t204(await h.rest('DELETE', `/ari/bridges/${bridge.id}`));
    await cc.next('BridgeDestroyed');
    await cc.flush();
    // The `;2` halves run the fake parties' dialplan, whose steps and
    // connected-line updates differ from the lab's; compare what the app
    // controls: the `;1` channels and the bridge.
    const relevant = (e: Record<string, unknown>) =>
      !String(e.channel ?? '').endsWith(';2') &&
      e.type !== 'ChannelCallerId' &&
      e.type !== 'ChannelConnectedLine';
    const expected = fixture('events-s2-bridge-callcenter.json')
      .filter(relevant)
      .map((e) =>
        e.type === 'StasisStart' ? { ...e, args: (e.args as string[]).slice(0, 1) } : e,
      );
    const actual = cc.events
      .map(trimEvent)
      .filter(relevant)
      .map((e) =>
        e.type === 'StasisStart' ? { ...e, args: (e.args as string[]).slice(0, 1) } : e,
      );
    t.deepEqual(actual, expected);
    await cc.close();
  },
);

test.serial(
  'trunk call hung up by the far end: StasisEnd but no ChannelDestroyed for the app',
  async (t) => {
    const cc = await h.events('callcenter');
    const obs = await h.events('observer', true);
    const placed = (await h.rest('POST', '/_sim/calls', { body: { from: 'sipp', to: '5551234' } }))
      .body as {
      channelId: string;
    };
    await cc.next('StasisStart', placed.channelId);
    t204(await h.rest('POST', `/ari/channels/${placed.channelId}/answer`));
    await cc.next('ChannelStateChange', placed.channelId);
    await h.advance(2000);
    t204(await h.rest('POST', `/_sim/channels/${placed.channelId}/hangup`));
    await obs.next('ChannelDestroyed', placed.channelId);
    await cc.flush();
    await obs.flush();
    // RTPAUDIOQOS values carry the RTP session's SSRC: compare names only.
    const noQosValue = (e: Record<string, unknown>) =>
      String(e.variable ?? '').startsWith('RTPAUDIOQOS') ? { ...e, value: '' } : e;
    t.deepEqual(
      cc.events.map(trimEvent).map(noQosValue),
      fixture('events-trunk-callcenter.json').map(noQosValue),
    );
    const observed = obs.events
      .filter((e) => e.type !== 'DeviceStateChanged')
      .map(trimEvent)
      .map(noQosValue);
    t.deepEqual(observed, fixture('events-trunk-observer.json').map(noQosValue));
    t.false(cc.events.some((e) => e.type === 'ChannelDestroyed'));
    await cc.close();
    await obs.close();
  },
);

test.serial(
  'BridgeCreated reaches only subscribeAll apps; the owner gets enter/leave/destroy',
  async (t) => {
    const cc = await h.events('callcenter');
    const obs = await h.events('observer', true);
    const placed = (await h.rest('POST', '/_sim/calls', { body: { from: '5550001', to: '100' } }))
      .body as {
      channelId: string;
    };
    await cc.next('StasisStart', placed.channelId);
    t204(await h.rest('POST', `/ari/channels/${placed.channelId}/answer`));
    const bridge = (await h.rest('POST', '/ari/bridges?type=mixing')).body as { id: string };
    await obs.next('BridgeCreated');
    t204(await h.rest('POST', `/ari/bridges/${bridge.id}/addChannel?channel=${placed.channelId}`));
    t204(
      await h.rest('POST', `/ari/bridges/${bridge.id}/removeChannel?channel=${placed.channelId}`),
    );
    t204(await h.rest('DELETE', `/ari/bridges/${bridge.id}`));
    await cc.next('BridgeDestroyed');
    await cc.flush();
    const types = cc.events.map((e) => e.type);
    t.false(types.includes('BridgeCreated'));
    t.true(types.includes('ChannelEnteredBridge'));
    t.true(types.includes('ChannelLeftBridge'));
    t.true(types.includes('BridgeDestroyed'));
    t204(await h.rest('DELETE', `/ari/channels/${placed.channelId}`));
    await cc.close();
    await obs.close();
  },
);

test.serial(
  'hanging up one bridged channel leaves the other in the bridge and in Stasis',
  async (t) => {
    const cc = await h.events('callcenter');
    const a = (await h.rest('POST', '/_sim/calls', { body: { from: '5550002', to: '100' } }))
      .body as { channelId: string };
    const b = (await h.rest('POST', '/_sim/calls', { body: { from: '5550003', to: '100' } }))
      .body as { channelId: string };
    await cc.next('StasisStart', a.channelId);
    await cc.next('StasisStart', b.channelId);
    const bridge = (await h.rest('POST', '/ari/bridges')).body as { id: string };
    t204(
      await h.rest(
        'POST',
        `/ari/bridges/${bridge.id}/addChannel?channel=${a.channelId},${b.channelId}`,
      ),
    );
    t204(await h.rest('DELETE', `/ari/channels/${a.channelId}`));
    await cc.next('StasisEnd', a.channelId);
    const got = await h.rest('GET', `/ari/bridges/${bridge.id}`);
    t.deepEqual((got.body as { channels: string[] }).channels, [b.channelId]);
    t.is((await h.rest('GET', `/ari/channels/${b.channelId}`)).status, 200);
    t.deepEqual((await h.rest('GET', `/ari/channels/${a.channelId}`)).body, {
      message: 'Channel not found',
    });
    t204(await h.rest('DELETE', `/ari/channels/${b.channelId}`));
    t204(await h.rest('DELETE', `/ari/bridges/${bridge.id}`));
    await cc.close();
  },
);

test.serial(
  'a scripted caller presses digits: ChannelDtmfReceived in Stasis, 350 ms apart',
  async (t) => {
    const cc = await h.events('callcenter');
    const placed = (
      await h.rest('POST', '/_sim/calls', {
        body: { from: '5550004', to: '100', dtmf: [{ afterMs: 1000, digits: '12#' }] },
      })
    ).body as { channelId: string };
    await cc.next('StasisStart', placed.channelId);
    t204(await h.rest('POST', `/ari/channels/${placed.channelId}/answer`));
    await h.advance(2000);
    const last = await cc.waitFor((e) => e.type === 'ChannelDtmfReceived' && e.digit === '#');
    const dtmf = cc.events.filter((e) => e.type === 'ChannelDtmfReceived');
    t.deepEqual(
      dtmf.map((e) => [e.digit, e.duration_ms]),
      [
        ['1', 100],
        ['2', 100],
        ['#', 100],
      ],
    );
    const times = dtmf.map((e) => Date.parse(String(e.timestamp).replace('+0000', 'Z')));
    t.deepEqual([times[1]! - times[0]!, times[2]! - times[1]!], [350, 350]);
    t.is(channelOf(last)!.id, placed.channelId);
    t204(await h.rest('DELETE', `/ari/channels/${placed.channelId}`));
    await cc.close();
  },
);

test.serial('event JSON keeps Asterisk field order for every captured type it emits', async (t) => {
  const samples = (
    JSON.parse(
      readFileSync(new URL('../fixtures/sim/ari-event-samples.json', import.meta.url), 'utf8'),
    ) as {
      events: Record<string, AriEvent>;
    }
  ).events;
  const obs = await h.events('observer', true);
  await scenarioS1(await h.events('callcenter'));
  await obs.flush();
  let compared = 0;
  for (const e of obs.events) {
    const sample = samples[e.type];
    if (!sample || e.type === 'ChannelHangupRequest') continue;
    t.deepEqual(Object.keys(e), Object.keys(sample), e.type);
    const ch = channelOf(e);
    const sampleCh = channelOf(sample);
    if (ch && sampleCh) t.deepEqual(Object.keys(ch), Object.keys(sampleCh), `${e.type}.channel`);
    compared++;
  }
  t.true(compared >= 10);
  const soft = obs.events.find((e) => e.type === 'ChannelHangupRequest' && e.soft === true)!;
  t.deepEqual(Object.keys(soft), Object.keys(samples.ChannelHangupRequest!));
});

test.serial(
  'move hands a channel to another app; DTMF sent to a Local half reaches the other',
  async (t) => {
    const cc = await h.events('callcenter');
    const other = await h.events('supervisor');
    const one = (
      await h.rest('POST', '/ari/channels?endpoint=Local%2Fwait1%40sim-agent&app=callcenter')
    ).body as {
      id: string;
    };
    await cc.next('StasisStart', one.id);
    t204(await h.rest('POST', `/ari/channels/${one.id}/move?app=supervisor&appArgs=listen,1`));
    await cc.next('StasisEnd', one.id);
    const moved = await other.next('StasisStart', one.id);
    t.deepEqual(moved.args, ['listen', '1']);
    const app = (await h.rest('GET', '/ari/applications/supervisor')).body as {
      channel_ids: string[];
    };
    t.true(app.channel_ids.includes(one.id));
    t204(await h.rest('POST', `/ari/channels/${one.id}/dtmf?dtmf=12`));
    await h.advance(1000);
    // The `;2` half is not in Stasis, but the originating app is subscribed to it.
    const digits = await cc.waitFor((e) => e.type === 'ChannelDtmfReceived' && e.digit === '2');
    t.regex(channelOf(digits)!.name, /;2$/);
    t204(await h.rest('DELETE', `/ari/channels/${one.id}`));
    await cc.close();
    await other.close();
  },
);

test.serial(
  'move keeps the channel in its bridge; a move to an app with no WebSocket fails with ApplicationMoveFailed',
  async (t) => {
    const cc = await h.events('callcenter');
    const other = await h.events('supervisor');
    const one = (
      await h.rest('POST', '/ari/channels?endpoint=Local%2Fwait2%40sim-agent&app=callcenter')
    ).body as { id: string };
    await cc.next('StasisStart', one.id);
    t.is((await h.rest('POST', '/ari/bridges/move-b?type=mixing')).status, 200);
    t204(await h.rest('POST', `/ari/bridges/move-b/addChannel?channel=${one.id}`));
    await cc.next('ChannelEnteredBridge', one.id);
    t204(await h.rest('POST', `/ari/channels/${one.id}/move?app=nobody&appArgs=x`));
    const failed = await cc.waitFor((e) => e.type === 'ApplicationMoveFailed');
    t.like(failed, { destination: 'nobody', args: ['x'] });
    t.is(channelOf(failed)?.id, one.id);
    t204(await h.rest('POST', `/ari/channels/${one.id}/move?app=supervisor`));
    await other.next('StasisStart', one.id);
    const bridge = (await h.rest('GET', '/ari/bridges/move-b')).body as { channels: string[] };
    t.deepEqual(bridge.channels, [one.id], 'still in its bridge');
    t204(await h.rest('DELETE', `/ari/channels/${one.id}`));
    t204(await h.rest('DELETE', '/ari/bridges/move-b'));
    await cc.close();
    await other.close();
  },
);
