/**
 * The simulator's control API (/_sim/ and the in-process object): placing
 * calls, phone and callee behaviour, the request log, fault injection for
 * reconnect tests, reset, and close() releasing everything.
 */
import { connect } from 'node:net';
import test from 'ava';
import WebSocket from 'ws';
import { RawClient } from './ami-server-helpers.ts';
import { type SimHarness, startHarness } from './ari-server-harness.ts';

type Json = Record<string, unknown>;

let h: SimHarness;
test.before(async () => {
  h = await startHarness({ amiPort: 0, amiUsers: { cc: 'cc' }, amiAuthFailDelayMs: 0 });
});
test.after.always(async () => {
  await h?.close();
});

test.serial(
  'POST /_sim/calls places an inbound call that the app sees; /_sim/channels lists it',
  async (t) => {
    const cc = await h.events('callcenter');
    const res = await h.rest('POST', '/_sim/calls', {
      body: { from: '+15551234567', fromName: 'Bob', to: '100' },
    });
    t.is(res.status, 201);
    const { channelId, name } = res.body as { channelId: string; name: string };
    t.regex(name, /^PJSIP\/trunk-[0-9a-f]{8}$/);
    const start = await cc.next('StasisStart', channelId);
    t.like(start.channel, {
      caller: { name: 'Bob', number: '+15551234567' },
      dialplan: { exten: '100' },
    });
    const listed = ((await h.rest('GET', '/_sim/channels')).body as Json[]).find(
      (c) => c.id === channelId,
    );
    t.like(listed, { app: 'callcenter', bridge_id: null, state: 'Ring' });
    const bad = await h.rest('POST', '/_sim/calls', { body: { from: '', to: '100' } });
    t.is(bad.status, 400);
    t.regex(String((bad.body as Json).message), /^from:/);
    await h.rest('DELETE', `/ari/channels/${channelId}`);
    await cc.close();
  },
);

test.serial('the in-process control places calls too', async (t) => {
  const cc = await h.events('callcenter');
  const { channelId } = h.sim.control.placeCall({ from: '5550199', to: '100' });
  await cc.next('StasisStart', channelId);
  t.true(h.sim.control.channels().some((c) => c.id === channelId));
  await h.rest('DELETE', `/ari/channels/${channelId}`);
  await cc.close();
});

test.serial(
  'PUT /_sim/phones unregisters a phone: UNAVAILABLE and Allocation failed',
  async (t) => {
    const obs = await h.events('observer', true);
    const res = await h.rest('PUT', '/_sim/phones/1042', { body: { registered: false } });
    t.like(res.body, { ext: '1042', behaviour: { registered: false } });
    const state = await obs.waitFor(
      (e) => e.type === 'DeviceStateChanged' && (e.device_state as Json).name === 'PJSIP/1042',
    );
    t.deepEqual(state.device_state, { name: 'PJSIP/1042', state: 'UNAVAILABLE' });
    t.like(await obs.next('ContactStatusChange'), {
      contact_info: { contact_status: 'Removed', aor: '1042' },
    });
    const orig = await h.rest('POST', '/ari/channels?endpoint=PJSIP%2F1042&app=observer');
    t.deepEqual([orig.status, orig.body], [500, { message: 'Allocation failed' }]);
    t.like((await h.rest('GET', '/ari/endpoints/PJSIP/1042')).body, { state: 'offline' });
    await h.rest('PUT', '/_sim/phones/1042', { body: { registered: true } });
    t.is((await h.rest('PUT', '/_sim/phones/1042', { body: { mode: 'sleepy' } })).status, 400);
    await obs.close();
  },
);

test.serial('PUT /_sim/callees replaces the trunk rules', async (t) => {
  const rules = [{ pattern: '^9', kind: 'busy' }];
  const res = await h.rest('PUT', '/_sim/callees', { body: { rules } });
  t.deepEqual(res.body, rules);
  t.deepEqual((await h.rest('GET', '/_sim/callees')).body, rules);
  const bad = await h.rest('PUT', '/_sim/callees', { body: [{ pattern: '(', kind: 'busy' }] });
  t.is(bad.status, 400);
});

test.serial('GET /_sim/requests logs the ARI REST requests received', async (t) => {
  await h.rest('GET', '/ari/channels/nope-404');
  await h.rest('POST', '/ari/bridges?type=mixing&name=logged');
  const log = (await h.rest('GET', '/_sim/requests')).body as Json[];
  const gone = log.find((r) => r.url === '/ari/channels/nope-404');
  t.like(gone, {
    method: 'GET',
    status: 404,
    resBody: { message: 'Channel not found' },
    reqBody: null,
  });
  const created = log.find((r) => r.url === '/ari/bridges?type=mixing&name=logged');
  t.like(created, {
    method: 'POST',
    status: 200,
    resBody: { name: 'logged', bridge_class: 'stasis' },
  });
  t.false(log.some((r) => String(r.url).startsWith('/_sim')));
});

test.serial(
  'POST /_sim/faults/ari-ws-drop kills the event sockets; a new one works again',
  async (t) => {
    const cc = await h.events('callcenter');
    const closed = new Promise<number>((resolve) => cc.ws.once('close', (code) => resolve(code)));
    const res = await h.rest('POST', '/_sim/faults/ari-ws-drop');
    t.true(((res.body as Json).dropped as number) >= 1);
    t.is(await closed, 1006);
    const again = await h.events('callcenter');
    const { channelId } = h.sim.control.placeCall({ from: '5550111', to: '100' });
    await again.next('StasisStart', channelId);
    t.pass();
    await h.rest('DELETE', `/ari/channels/${channelId}`);
    await again.close();
  },
);

test.serial(
  'POST /_sim/faults/ami-drop closes AMI sessions; the port accepts logins again',
  async (t) => {
    const ami = await RawClient.connect(h.sim.amiPort);
    t.regex(await ami.login('on'), /Response: Success/);
    const res = await h.rest('POST', '/_sim/faults/ami-drop');
    t.is((res.body as Json).dropped, 1);
    await ami.endPromise;
    // The fault answers once AMI listens again on the same port.
    const again = await RawClient.connect(h.sim.amiPort);
    t.regex(await again.login('on'), /Response: Success/);
    again.close();
  },
);

test.serial('POST /_sim/reset hangs everything up and restores behaviours', async (t) => {
  const obs = await h.events('observer', true);
  h.sim.control.setPhone('1010', { mode: 'busy' });
  const a = h.sim.control.placeCall({ from: '5550121', to: '100' });
  const b = h.sim.control.placeCall({ from: '5550122', to: '100' });
  await h.rest('POST', '/ari/bridges');
  t.is((await h.rest('POST', '/_sim/reset')).status, 204);
  await obs.next('ChannelDestroyed', a.channelId);
  await obs.next('ChannelDestroyed', b.channelId);
  t.deepEqual((await h.rest('GET', '/ari/channels')).body, []);
  t.deepEqual((await h.rest('GET', '/ari/bridges')).body, []);
  t.is(h.sim.control.phones().find((p) => p.ext === '1010')?.behaviour.mode, 'answer');
  const log = (await h.rest('GET', '/_sim/requests')).body as Json[];
  t.deepEqual(
    log.map((r) => `${r.method} ${r.url}`),
    ['GET /ari/channels', 'GET /ari/bridges'],
    'the log starts again at the reset',
  );
  await obs.close();
});

test('close() leaves no socket, listener or timer behind', async (t) => {
  const other = await startHarness({ amiPort: 0, amiUsers: { cc: 'cc' }, amiAuthFailDelayMs: 0 });
  const ws = new WebSocket(`ws://127.0.0.1:${other.sim.ariPort}/ari/events?app=x&api_key=cc:cc`);
  await new Promise((resolve) => ws.once('open', resolve));
  const wsClosed = new Promise((resolve) => ws.once('close', resolve));
  const ami = await RawClient.connect(other.sim.amiPort);
  await ami.login('on');
  other.sim.control.placeCall({ from: '5550131', to: '700', patienceS: 60 });
  other.sim.control.startTraffic({ seed: 1, dids: [{ did: '100', ratePerMinute: 10 }] });
  t.true(other.sim.core.scheduler.pending() > 0);
  await other.close();
  await wsClosed;
  await ami.endPromise;
  t.is(other.sim.core.scheduler.pending(), 0);
  for (const port of [other.sim.ariPort, other.sim.amiPort]) {
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    t.true(refused, `port ${port} still open`);
  }
});

test.serial(
  'POST /_sim/phones/{ext}/dial: the phone calls an extension; bad input and unknown phones are refused',
  async (t) => {
    const res = await h.rest('POST', '/_sim/phones/1001/dial', { body: { to: '1002' } });
    t.is(res.status, 201);
    const { channelId, name } = res.body as { channelId: string; name: string };
    t.regex(name, /^PJSIP\/1001-[0-9a-f]{8}$/);
    const listed = ((await h.rest('GET', '/_sim/channels')).body as Json[]).find(
      (c) => c.id === channelId,
    );
    t.like(listed, { snoop: null, on_hold: false });
    t.is((await h.rest('POST', '/_sim/phones/1001/dial', { body: { to: 'x' } })).status, 400);
    t.is((await h.rest('POST', '/_sim/phones/4444/dial', { body: { to: '1002' } })).status, 404);
    await h.rest('POST', `/_sim/channels/${channelId}/hangup`);
  },
);
