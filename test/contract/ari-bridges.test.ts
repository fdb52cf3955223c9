/**
 * Contract: ARI bridges through our ARI client: mixing and holding bridges,
 * channels entering and leaving, destroy, Gone after destroy, and who gets
 * BridgeCreated (README "Observed behaviour": only apps subscribed to the
 * bridge or subscribed to everything).
 */
import test from 'ava';
import { comparable, loadFixture, sequenceDiff } from './compare.ts';
import { ContractHarness } from './harness.ts';

let h: ContractHarness;
test.before(async () => {
  h = await ContractHarness.open();
});
test.afterEach.always(async () => {
  await h?.hangupOwned();
});
test.after.always(async () => {
  await h?.close();
});

test.serial('a mixing bridge with two channels follows the captured sequence', async (t) => {
  const first = await h.originateLocal('200', 'bridge');
  const second = await h.originateLocal('201', 'agent');
  const from = h.events.mark();
  const bridge = await h.ari.bridges.create({
    type: 'mixing',
    bridgeId: h.uniqueId('mix'),
    name: 'contract-mix',
  });
  t.like(bridge, { bridge_type: 'mixing', channels: [] });
  t.is(await h.ari.bridges.addChannel(bridge.id, { channel: first.one.id }), undefined);
  await h.events.forChannel('ChannelEnteredBridge', first.one.id, from);
  await h.ari.bridges.addChannel(bridge.id, { channel: second.one.id });
  const entered = await h.events.forChannel('ChannelEnteredBridge', second.one.id, from);
  t.deepEqual([...entered.bridge.channels].sort(), [first.one.id, second.one.id].sort());
  t.like(await h.ari.bridges.get(bridge.id), { channels: entered.bridge.channels });
  await h.ari.channels.hangup(first.one.id);
  await h.events.forChannel('StasisEnd', first.one.id, from);
  await h.ari.channels.hangup(second.one.id);
  await h.events.forChannel('StasisEnd', second.one.id, from);
  t.is(await h.ari.bridges.destroy(bridge.id), undefined);
  await h.events.waitFor('BridgeDestroyed', (e) => e.bridge.id === bridge.id, from);
  await h.flush();
  const roles = new Map([
    [first.one.id, 'first'],
    [first.one.name, 'first'],
    [second.one.id, 'second'],
    [second.one.name, 'second'],
    [`bridge:${bridge.id}`, 'bridge'],
  ]);
  const fixture = loadFixture('seq-bridge-mixing.json');
  t.deepEqual(sequenceDiff(comparable(h.events.since(from), roles, fixture), fixture), []);
});

test.serial('a holding bridge: add, remove, destroy, then Gone', async (t) => {
  const { one, from } = await h.originateLocal('202', 'hold');
  const bridge = await h.ari.bridges.create({ type: 'holding', bridgeId: h.uniqueId('hold') });
  t.is(bridge.bridge_type, 'holding');
  await h.ari.bridges.addChannel(bridge.id, { channel: one.id, role: 'participant' });
  const entered = await h.events.forChannel('ChannelEnteredBridge', one.id, from);
  t.is(entered.bridge.id, bridge.id);
  t.true((await h.ari.bridges.list()).some((b) => b.id === bridge.id));
  t.is(await h.ari.bridges.removeChannel(bridge.id, { channel: one.id }), undefined);
  const left = await h.events.forChannel('ChannelLeftBridge', one.id, from);
  t.deepEqual(left.bridge.channels, []);
  await h.ari.bridges.destroy(bridge.id);
  const destroyed = await h.events.waitFor('BridgeDestroyed', (e) => e.bridge.id === bridge.id);
  t.is(destroyed.bridge.bridge_type, 'holding');
  t.like(await h.ari.bridges.get(bridge.id), { gone: true, resource: 'bridge' });
  t.like(await h.ari.bridges.destroy(bridge.id), { gone: true, resource: 'bridge' });
  t.like(await h.ari.bridges.addChannel(bridge.id, { channel: one.id }), {
    gone: true,
    resource: 'bridge',
  });
});

test.serial('adding a channel that has hung up is Gone (channel)', async (t) => {
  const { one, from } = await h.originateLocal('203', 'late');
  await h.ari.channels.hangup(one.id);
  await h.events.forChannel('StasisEnd', one.id, from);
  const bridge = await h.ari.bridges.create({ type: 'mixing', bridgeId: h.uniqueId('late') });
  t.like(await h.ari.bridges.addChannel(bridge.id, { channel: one.id }), {
    gone: true,
    resource: 'channel',
    message: 'Channel not found',
  });
  await h.ari.bridges.destroy(bridge.id);
});

test.serial(
  'BridgeCreated reaches subscribeAll apps only; subscribing adds the bridge',
  async (t) => {
    const observer = await h.extraAri(h.uniqueId('observer'), true);
    const from = h.events.mark();
    const seenFrom = observer.events.mark();
    const bridge = await h.ari.bridges.create({ type: 'mixing', bridgeId: h.uniqueId('seen') });
    const created = await observer.events.waitFor(
      'BridgeCreated',
      (e) => e.bridge.id === bridge.id,
      seenFrom,
    );
    t.is(created.bridge.bridge_type, 'mixing');
    await h.flush();
    t.false(h.events.since(from).some((e) => e.type === 'BridgeCreated'));
    const app = await h.ari.applications.subscribe(`bridge:${bridge.id}`);
    t.like(app, { name: h.target.ari.app });
    t.true('bridge_ids' in app && app.bridge_ids.includes(bridge.id));
    await h.ari.bridges.destroy(bridge.id);
    await h.events.waitFor('BridgeDestroyed', (e) => e.bridge.id === bridge.id, from);
    await observer.events.waitFor('BridgeDestroyed', (e) => e.bridge.id === bridge.id, seenFrom);
    t.like(await h.ari.applications.subscribe(`bridge:${bridge.id}`), {
      gone: true,
      resource: 'bridge',
    });
  },
);
