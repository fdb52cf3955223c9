import test from 'ava';
import {
  channelsPerNode,
  emptyMediaPlane,
  type MediaPlane,
  type MediaPlaneEvent,
  type NodeLoss,
  placeOffer,
  stepMediaPlane,
} from '../../src/domain/pbx/media-plane.ts';

/** Feeds events in order; returns the final plane and every loss reported. */
function run(events: readonly MediaPlaneEvent[], plane: MediaPlane = emptyMediaPlane(['a', 'b'])) {
  const losses: NodeLoss[] = [];
  for (const event of events) {
    const step = stepMediaPlane(plane, event);
    plane = step.plane;
    if (step.loss) losses.push(step.loss);
  }
  return { plane, losses };
}

const up: MediaPlaneEvent[] = [
  { type: 'node-up', node: 'a' },
  { type: 'node-up', node: 'b' },
];

test('channels and bridges belong to the node that reported them until they are gone', (t) => {
  const { plane } = run([
    ...up,
    { type: 'channel-seen', node: 'a', channelId: 'c1' },
    { type: 'channel-seen', node: 'b', channelId: 'c2' },
    { type: 'channel-seen', node: 'b', channelId: 'c3' },
    { type: 'bridge-seen', node: 'b', bridgeId: 'br1' },
    { type: 'channel-gone', channelId: 'c3' },
  ]);
  t.deepEqual(
    [...plane.channels],
    [
      ['c1', 'a'],
      ['c2', 'b'],
    ],
  );
  t.deepEqual([...plane.bridges], [['br1', 'b']]);
  t.deepEqual(
    [...channelsPerNode(plane)],
    [
      ['a', 1],
      ['b', 1],
    ],
  );
});

test('an agent is bound to the node its phone registered on last', (t) => {
  const { plane } = run([
    ...up,
    { type: 'phone-online', node: 'a', endpoint: 'PJSIP/1001' },
    { type: 'phone-online', node: 'b', endpoint: 'PJSIP/1001' },
    // The old registration expiring on `a` must not unbind the phone from `b`.
    { type: 'phone-offline', node: 'a', endpoint: 'PJSIP/1001' },
  ]);
  t.is(plane.phones.get('PJSIP/1001'), 'b');
  const { plane: after } = run(
    [{ type: 'phone-offline', node: 'b', endpoint: 'PJSIP/1001' }],
    plane,
  );
  t.false(after.phones.has('PJSIP/1001'));
});

test('a node that goes away reports its calls and phones, and keeps the other node intact', (t) => {
  const { plane, losses } = run([
    ...up,
    { type: 'channel-seen', node: 'a', channelId: 'c1' },
    { type: 'channel-seen', node: 'b', channelId: 'c2' },
    { type: 'bridge-seen', node: 'b', bridgeId: 'br2' },
    { type: 'phone-online', node: 'a', endpoint: 'PJSIP/1001' },
    { type: 'phone-online', node: 'b', endpoint: 'PJSIP/1002' },
    { type: 'node-down', node: 'b' },
  ]);
  t.deepEqual(losses, [{ node: 'b', channels: ['c2'], phones: ['PJSIP/1002'] }]);
  t.deepEqual(
    [...plane.nodes],
    [
      ['a', true],
      ['b', false],
    ],
  );
  t.deepEqual([...plane.channels], [['c1', 'a']]);
  t.deepEqual([...plane.bridges], []);
  t.deepEqual([...plane.phones], [['PJSIP/1001', 'a']]);
});

test('a second node-down reports nothing more', (t) => {
  const { losses } = run([
    ...up,
    { type: 'channel-seen', node: 'b', channelId: 'c2' },
    { type: 'node-down', node: 'b' },
    { type: 'node-down', node: 'b' },
  ]);
  t.is(losses.length, 1);
});

test('a snapshot after a reconnect replaces what was known of that node only', (t) => {
  const { plane } = run([
    ...up,
    { type: 'channel-seen', node: 'a', channelId: 'ended-while-away' },
    { type: 'channel-seen', node: 'b', channelId: 'c2' },
    { type: 'phone-online', node: 'b', endpoint: 'PJSIP/1001' },
    {
      type: 'node-snapshot',
      node: 'a',
      channelIds: ['c5'],
      bridgeIds: ['br5'],
      phones: ['PJSIP/1001'],
    },
  ]);
  t.deepEqual(
    [...plane.channels],
    [
      ['c2', 'b'],
      ['c5', 'a'],
    ],
  );
  t.deepEqual([...plane.bridges], [['br5', 'a']]);
  t.is(plane.phones.get('PJSIP/1001'), 'a');
  t.is(plane.nodes.get('a'), true);
});

test('events naming an unknown node change nothing', (t) => {
  const before = run(up).plane;
  const { plane, losses } = run(
    [
      { type: 'node-up', node: 'x' },
      { type: 'channel-seen', node: 'x', channelId: 'c9' },
      { type: 'node-down', node: 'x' },
    ],
    before,
  );
  t.deepEqual(plane, before);
  t.deepEqual(losses, []);
});

test("an agent leg is placed on the caller's node, with the phone's own node alongside", (t) => {
  const { plane } = run([
    ...up,
    { type: 'channel-seen', node: 'a', channelId: 'caller' },
    { type: 'phone-online', node: 'b', endpoint: 'PJSIP/1002' },
    { type: 'phone-online', node: 'a', endpoint: 'PJSIP/1001' },
  ]);
  t.deepEqual(placeOffer(plane, 'caller', 'PJSIP/1001'), { node: 'a', phoneNode: 'a' });
  t.deepEqual(placeOffer(plane, 'caller', 'PJSIP/1002'), { node: 'a', phoneNode: 'b' });
  t.deepEqual(placeOffer(plane, 'caller', 'PJSIP/1003'), { node: 'a', phoneNode: null });
  t.is(placeOffer(plane, 'unknown', 'PJSIP/1001'), undefined);
});
