/**
 * Changes made through GraphQL take effect in the running ACD at once:
 * an agent added to a queue by `setAgentQueues` is offered the call
 * waiting there, one taken out of it is not offered its calls; an agent
 * given the skill a queue requires by `setAgentSkills` takes its waiting
 * call; and `agentUnpause` ends a pause (and only a pause).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import type { Actor } from '../../src/app/actor.ts';
import { DID, startAcd, waitForStatus } from './acd-harness.ts';

const SET_QUEUES = `mutation($a: ID!, $q: [ID!]!) {
  setAgentQueues(agentId: $a, queueIds: $q) {
    __typename
    ... on MutationSetAgentQueuesSuccess { data { queue { name } penalty } }
    ... on Problem { code }
  }
}`;

test.serial(
  'setAgentQueues applies at once: the waiting call goes to the agent just added',
  async (t) => {
    const acd = await startAcd();
    try {
      const queueGid = encodeGlobalID('Queue', acd.queueId);
      const out = await acd.gql(SET_QUEUES, { a: acd.agentGid(0), q: [] });
      t.like(out.data?.setAgentQueues, { __typename: 'MutationSetAgentQueuesSuccess', data: [] });
      await acd.runtime.agentAction(acd.agents[0], { type: 'login' });
      t.deepEqual(acd.runtime.queuesOf(acd.agents[0]), []);
      // The only logged-in agent is in no queue: the caller waits.
      const mark = acd.events.length;
      const { channelId } = acd.sim.control.placeCall({ from: '+33612345678', to: DID });
      await acd.waitFor(
        'the call waiting',
        (e) => e.type === 'call-changed' && e.callId === channelId && e.to === 'waiting',
        mark,
      );
      // The dispatch that follows an arrival is done by now: nobody took it.
      t.is(acd.runtime.callView(channelId)?.phase, 'waiting');
      const back = await acd.gql(SET_QUEUES, { a: acd.agentGid(0), q: [queueGid] });
      t.like(back.data?.setAgentQueues, { data: [{ queue: { name: 'Sales' }, penalty: 0 }] });
      const offered = await waitForStatus(acd, acd.agents[0], 'on-call', mark);
      t.like(offered, { callId: channelId });
      acd.sim.control.remoteHangup(channelId);
    } finally {
      await acd.close();
    }
  },
);

test.serial('setAgentQueues refuses a queue the agent may not join', async (t) => {
  const acd = await startAcd();
  try {
    const bad = await acd.gql(SET_QUEUES, {
      a: acd.agentGid(0),
      q: [encodeGlobalID('Queue', '00000000-0000-4000-8000-000000000000')],
    });
    t.like(bad.data?.setAgentQueues, { __typename: 'Problem', code: 'NOT_FOUND' });
    // Nothing changed: the agent is still in its queue.
    const members = await acd.store.queues.queuesOf([acd.agents[0]]);
    t.deepEqual(
      members.map((m) => m.queueId),
      [acd.queueId],
    );
  } finally {
    await acd.close();
  }
});

test.serial(
  'setAgentSkills applies at once: the agent now skilled takes the waiting call',
  async (t) => {
    const acd = await startAcd({ strategy: 'skills-based' });
    try {
      const admin = (await acd.services.auth.authenticate(acd.adminKey, null)) as Actor;
      const skill = await acd.services.skills.create(admin, {
        name: 'german',
        description: 'German',
      });
      await acd.services.queues.update(admin, acd.queueId, {
        requiredSkills: [{ skillId: skill.id, minLevel: 3 }],
      });
      await acd.runtime.agentAction(acd.agents[0], { type: 'login' });
      const mark = acd.events.length;
      const { channelId } = acd.sim.control.placeCall({ from: '+33612345678', to: DID });
      await acd.waitFor(
        'the call waiting for a skilled agent',
        (e) => e.type === 'call-changed' && e.callId === channelId && e.to === 'waiting',
        mark,
      );
      t.is(acd.runtime.callView(channelId)?.phase, 'waiting');
      t.is(acd.runtime.agentView(acd.agents[0]).status, 'available');
      const skilled = await acd.gql(
        `mutation($a: ID!, $s: [AgentSkillInput!]!) {
        setAgentSkills(agentId: $a, skills: $s) {
          __typename ... on MutationSetAgentSkillsSuccess { data { skills { level } } }
        }
      }`,
        { a: acd.agentGid(0), s: [{ skillId: encodeGlobalID('Skill', skill.id), level: 5 }] },
      );
      t.like(skilled.data?.setAgentSkills, { data: { skills: [{ level: 5 }] } });
      t.like(await waitForStatus(acd, acd.agents[0], 'on-call', mark), { callId: channelId });
      acd.sim.control.remoteHangup(channelId);
    } finally {
      await acd.close();
    }
  },
);

test.serial('agentUnpause ends a pause, and refuses an agent that is not paused', async (t) => {
  const acd = await startAcd();
  try {
    const token = acd.tokens[0];
    const run = (m: string) =>
      acd.gql(
        `mutation { r: ${m} { __typename ... on Problem { code } ... on MutationAgentUnpauseSuccess { data { status } } } }`,
        {},
        token,
      );
    await acd.gql('mutation { agentLogin { __typename } }', {}, token);
    await acd.gql('mutation { agentPause(reason: "lunch") { __typename } }', {}, token);
    t.like((await run('agentUnpause')).data?.r, { data: { status: 'AVAILABLE' } });
    t.like((await run('agentUnpause')).data?.r, {
      __typename: 'Problem',
      code: 'AGENT_NOT_PAUSED',
    });
  } finally {
    await acd.close();
  }
});
