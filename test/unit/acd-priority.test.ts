import test from 'ava';
import { enterCall } from '../../src/domain/acd/call.enter.ts';
import { dispatchForAgent, dispatchForCall } from '../../src/domain/acd/dispatcher.ts';
import {
  type AgentHold,
  type CallerFacts,
  classifyCaller,
  compareCalls,
  heldFor,
  type OrderKey,
} from '../../src/domain/acd/priority.ts';
import { compileVip, matchVip } from '../../src/domain/acd/vip.ts';
import { at, commandsOf, noRng, queue, World, waiting } from './acd-helpers.ts';

const VIP = '+33600000001';
const REGULAR = '+33600000002';

const settings = queue('Q', {
  settings: {
    vip: { dedicatedHoldS: 30 },
    sticky: { enabled: true, holdS: 20, memoryS: 3600 },
  },
}).settings;

/** The line's VIP list: one named caller with a dedicated agent. */
const VIPS = compileVip([{ number: VIP, dedicatedAgentIds: ['ded'] }]);

const facts = (over: Partial<CallerFacts> = {}): CallerFacts => {
  const ani = over.ani ?? REGULAR;
  return {
    ani,
    whitelisted: false,
    vip: matchVip(VIPS, ani),
    transferred: false,
    lastServed: null,
    ...over,
  };
};

const classes: [string, CallerFacts, string, AgentHold[]][] = [
  ['a regular caller', facts(), 'normal', []],
  ['a whitelisted caller', facts({ whitelisted: true }), 'vip', []],
  ['a transferred call', facts({ transferred: true }), 'transferred', []],
  [
    'a transferred VIP stays VIP',
    facts({ ani: VIP, transferred: true }),
    'vip',
    [{ kind: 'dedicated', agentIds: ['ded'], until: at(130) }],
  ],
  [
    'a returning caller within memory',
    facts({ lastServed: { agentId: 'sam', at: at(0) } }),
    'normal',
    [{ kind: 'sticky', agentIds: ['sam'], until: at(120) }],
  ],
  [
    'a returning caller past memory',
    facts({ lastServed: { agentId: 'sam', at: at(100 - 3601) } }),
    'normal',
    [],
  ],
  ['a withheld number never matches a VIP entry', facts({ ani: '' }), 'normal', []],
];

for (const [name, input, priority, holds] of classes) {
  test(`classify ${name}: ${priority}`, (t) => {
    t.deepEqual(classifyCaller(input, settings, at(100)), { priority, holds });
  });
}

test('sticky routing can be turned off', (t) => {
  const off = { ...settings, sticky: { ...settings.sticky, enabled: false } };
  const c = classifyCaller(facts({ lastServed: { agentId: 'sam', at: at(0) } }), off, at(10));
  t.deepEqual(c.holds, []);
});

test('heldFor: live holds bind, expired holds and holds of absent agents do not', (t) => {
  const holds: AgentHold[] = [
    { kind: 'dedicated', agentIds: ['d1', 'd2'], until: at(30) },
    { kind: 'sticky', agentIds: ['s'], until: at(20) },
  ];
  const all = () => true;
  t.deepEqual([...heldFor(holds, at(10), all)!].sort(), ['d1', 'd2', 's']);
  t.deepEqual([...heldFor(holds, at(25), all)!].sort(), ['d1', 'd2']);
  t.is(heldFor(holds, at(30), all), null);
  t.deepEqual([...heldFor(holds, at(10), (id) => id === 'd2')!], ['d2']);
  t.is(
    heldFor(holds, at(10), () => false),
    null,
  );
  t.is(heldFor([], at(10), all), null);
});

test('call order: class, then queue weight, then longest wait, then id', (t) => {
  const key = (
    id: string,
    priority: OrderKey['priority'],
    weight: number,
    since: number,
  ): OrderKey => ({
    id,
    priority,
    weight,
    waitingSince: at(since),
  });
  const calls = [
    key('callback', 'callback', 9, 0),
    key('normal-old', 'normal', 0, 1),
    key('normal-heavy', 'normal', 5, 50),
    key('transferred', 'transferred', 0, 90),
    key('vip-late', 'vip', 0, 99),
    key('normal-b', 'normal', 0, 60),
    key('normal-a', 'normal', 0, 60),
  ];
  t.deepEqual(
    [...calls].sort(compareCalls).map((c) => c.id),
    ['vip-late', 'transferred', 'normal-heavy', 'normal-old', 'normal-a', 'normal-b', 'callback'],
  );
});

function vipWorld() {
  const q = queue('Q', {
    settings: { vip: { dedicatedHoldS: 30 } },
  });
  const w = new World(
    [q],
    [
      { id: 'other', queues: ['Q'] },
      { id: 'ded', queues: ['Q'] },
    ],
  );
  w.login(at(0), 'other');
  w.login(at(5), 'ded');
  const caller = classifyCaller(facts({ ani: VIP }), q.settings, at(10));
  w.wait(waiting('vip', 'Q', at(10), { priority: caller.priority, holds: caller.holds }));
  return { w, q, caller };
}

test('a named VIP goes to its dedicated agent first, even when another agent idles longer', (t) => {
  const { w } = vipWorld();
  t.deepEqual(dispatchForCall(w.snap, 'vip', at(10), noRng)?.agentIds, ['ded']);
});

test('a named VIP waits for its busy dedicated agent, then goes to anyone after the hold', (t) => {
  const { w, q, caller } = vipWorld();
  w.step('ded', { type: 'pause', reason: 'meeting' }, at(6));
  t.is(dispatchForCall(w.snap, 'vip', at(10), noRng), null);
  t.is(dispatchForAgent(w.snap, 'other', at(39)), null, 'the free agent may not take it yet');
  t.deepEqual(dispatchForCall(w.snap, 'vip', at(40), noRng)?.agentIds, ['other']);
  // The call machine asks for that re-check when it enters.
  const entered = enterCall(
    {
      callId: 'vip',
      ani: VIP,
      dnis: '+33155550100',
      businessLineId: 'bl-1',
      queue: q,
      caller,
      facts: { waiting: 0, loggedInMembers: 2 },
    },
    at(10),
  );
  const rechecks = commandsOf(entered).flatMap((c) =>
    c.type === 'schedule-dispatch' ? [c.at] : [],
  );
  t.deepEqual(rechecks, [at(10), at(40)]);
});

function stickyWorld(samStatus: 'free' | 'busy' | 'out') {
  const q = queue('Q', { settings: { sticky: { holdS: 20 } } });
  const w = new World(
    [q],
    [
      { id: 'idle-longest', queues: ['Q'] },
      { id: 'sam', queues: ['Q'] },
    ],
  );
  w.login(at(0), 'idle-longest');
  if (samStatus !== 'out') w.login(at(50), 'sam');
  if (samStatus === 'busy') {
    w.step('sam', { type: 'reserve', callId: 'other-call', offerDeadline: at(80) }, at(60));
    w.step('sam', { type: 'answer', callId: 'other-call' }, at(61));
  }
  const caller = classifyCaller(
    facts({ lastServed: { agentId: 'sam', at: at(-600) } }),
    q.settings,
    at(100),
  );
  w.wait(waiting('back', 'Q', at(100), { holds: caller.holds }));
  return w;
}

test('sticky: a returning caller goes to the agent who served them last when that agent is free', (t) => {
  const w = stickyWorld('free');
  t.deepEqual(dispatchForCall(w.snap, 'back', at(100), noRng)?.agentIds, ['sam']);
});

test('sticky: held for the busy last agent, then released to the queue', (t) => {
  const w = stickyWorld('busy');
  t.is(dispatchForCall(w.snap, 'back', at(100), noRng), null);
  t.is(dispatchForCall(w.snap, 'back', at(119), noRng), null);
  t.deepEqual(dispatchForCall(w.snap, 'back', at(120), noRng)?.agentIds, ['idle-longest']);
});

test('sticky: when the last agent is not logged in the caller is not held at all', (t) => {
  const w = stickyWorld('out');
  t.deepEqual(dispatchForCall(w.snap, 'back', at(100), noRng)?.agentIds, ['idle-longest']);
});

test('sticky: a held agent freeing up still serves callers in order; the held call waits its turn', (t) => {
  const w = stickyWorld('busy');
  w.wait(waiting('older', 'Q', at(90)));
  w.step('idle-longest', { type: 'pause', reason: 'x' }, at(100));
  w.step('sam', { type: 'call-ended', callId: 'other-call', wrapUpS: 0 }, at(105));
  // Same class: the older call is first in line and sam may take it, so it goes first;
  // the held call stays held for sam until its hold ends.
  t.is(dispatchForAgent(w.snap, 'sam', at(105))?.callId, 'older');
});
