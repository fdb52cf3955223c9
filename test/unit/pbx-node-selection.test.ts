import test from 'ava';
import { leastLoadedNode, type NodeLoad } from '../../src/domain/pbx/node-selection.ts';

const node = (
  id: string,
  channels: number,
  maxChannels: number | null = null,
  up = true,
): NodeLoad => ({
  id,
  up,
  channels,
  maxChannels,
});

const CASES: ReadonlyArray<[string, NodeLoad[], string | { reason: string }]> = [
  ['one node', [node('a', 7)], 'a'],
  ['fewest channels when no node has a cap', [node('a', 7), node('b', 3), node('c', 5)], 'b'],
  ['a tie goes to the first configured node', [node('a', 3), node('b', 3)], 'a'],
  ['share of the cap, not the channel count', [node('a', 30, 100), node('b', 20, 40)], 'a'],
  [
    'a full node is skipped even when others are busier',
    [node('a', 10, 10), node('b', 90, 100)],
    'b',
  ],
  ['a node that is down is skipped', [node('a', 0, null, false), node('b', 50)], 'b'],
  [
    'an uncapped node counts as large as the largest capped one',
    [node('a', 60, 100), node('b', 50, null)],
    'b',
  ],
  ['equal share: fewer channels wins', [node('a', 20, 100), node('b', 10, 50)], 'b'],
  ['no node up', [node('a', 0, null, false)], { reason: 'no-node-up' }],
  ['no nodes at all', [], { reason: 'no-node-up' }],
  [
    'every node up is full',
    [node('a', 5, 5), node('b', 9, 9), node('c', 0, 1, false)],
    { reason: 'all-nodes-full' },
  ],
];

for (const [title, nodes, expected] of CASES) {
  test(`least-loaded node: ${title}`, (t) => {
    const picked = leastLoadedNode(nodes);
    if (typeof expected === 'string') t.deepEqual(picked, { ok: true, nodeId: expected });
    else t.deepEqual(picked, { ok: false, reason: expected.reason });
  });
}
