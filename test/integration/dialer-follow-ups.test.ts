/**
 * Scheduled follow-ups (DIAL-9) through GraphQL and the PBX simulator: an
 * agent books a call back on a preview campaign (which dials nothing by
 * itself), sees it in its list of the day while another agent does not,
 * and it is dialled for that agent once due; a second one, falling due
 * while its agent is logged out, is dialled for the other agent of the
 * campaign. Due times are a second or two ahead; every wait is on a
 * dialer event.
 */
import test from 'ava';
import { recordsByName, runningCampaign, startCampaign } from './dialer-gql.ts';
import { type DialerUnderTest, startDialer } from './dialer-harness.ts';

let d: DialerUnderTest;
test.before(async () => {
  d = await startDialer({ agents: 2, phone: { answerAfterS: 0.1 } });
  d.sim.control.setCallees([
    {
      pattern: '.*',
      kind: 'human',
      answerAfterS: { kind: 'fixed', value: 0.1 },
      talkS: { kind: 'fixed', value: 1 },
    },
  ]);
  for (const agentId of d.agents) {
    const r = await d.runtime.agentAction(agentId, { type: 'login' });
    if (!r.ok) throw new Error(`login: ${JSON.stringify(r)}`);
  }
});
test.after.always(async () => {
  await d?.close();
});

const SCHEDULE = `mutation($r: ID!, $at: DateTime!, $note: String, $agent: ID) {
  scheduleFollowUp(recordId: $r, dueAt: $at, note: $note, agentId: $agent) {
    ... on MutationScheduleFollowUpSuccess { data { id status dueAt note record { name numbers } } }
    ... on Problem { code message }
  }
}`;
const DUE = `query($agent: ID) { dialerFollowUpsDue(agentId: $agent) {
  id status dialledFor dialledAgentId callId note record { name numbers }
} }`;

interface Listed {
  id: string;
  status: string;
  dialledFor: string | null;
  dialledAgentId: string | null;
  callId: string | null;
  note: string;
  record: { name: string; numbers: string[] };
}

async function dueOf(token: string, agent?: string) {
  const r = await d.gql(DUE, agent === undefined ? {} : { agent }, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data?.dialerFollowUpsDue as Listed[];
}

test.serial(
  'a follow-up is dialled for its agent when due, or for the campaign when the agent is logged out',
  async (t) => {
    const [agentA, agentB] = d.agents as [string, string];
    const [tokenA, tokenB] = d.tokens as [string, string];
    const campaign = await runningCampaign(d, 'Renewals', {
      agentIds: [agentA, agentB],
      settings: { mode: 'preview', amd: false, maskNumbers: true },
      rows: [
        ['First customer', '0612340030'],
        ['Second customer', '0612340040'],
      ],
    });
    t.is(await startCampaign(d, campaign.gid), 'running');
    const ids = await recordsByName(d, campaign.id);
    const first = ids.get('First customer')!;

    // Agent A books a call back in a moment.
    const dueAt = Date.now() + 1500;
    const booked = await d.gql(
      SCHEDULE,
      {
        r: d.gid('ListRecord', String(first)),
        at: new Date(dueAt).toISOString(),
        note: 'wants the new price',
      },
      tokenA,
    );
    const scheduled = (booked.data?.scheduleFollowUp as { data?: Listed & { dueAt: string } }).data;
    t.like(scheduled, { status: 'scheduled', note: 'wants the new price' });
    t.is(Date.parse(scheduled!.dueAt), dueAt);
    // An agent sees a masked number on a masking campaign.
    t.deepEqual(scheduled!.record.numbers, ['**********30']);
    // Held for the follow-up: pacing and preview leave the record alone.
    t.is((await d.dialer.records.get(first))?.status, 'follow-up');

    // In A's list of the day, not in B's; B may not read A's; a supervisor-level caller may.
    t.deepEqual(
      (await dueOf(tokenA)).map((f) => f.record.name),
      ['First customer'],
    );
    t.deepEqual(await dueOf(tokenB), []);
    const forbidden = await d.gql(DUE, { agent: d.gid('Agent', agentA) }, tokenB);
    t.is(forbidden.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    t.deepEqual(
      (await dueOf(d.adminKey, d.gid('Agent', agentA))).map((f) => f.id),
      [scheduled!.id],
    );

    await d.until('the follow-up connected to agent A', () =>
      d.events.some((e) => e.type === 'connected' && e.recordId === first),
    );
    const dialled = d.events.find((e) => e.type === 'dialled' && e.recordId === first)!;
    t.is(dialled.agentId, agentA);
    const [attempt] = await d.dialer.attempts.ofRecord(first);
    t.true(attempt!.startedAt >= dueAt, 'not dialled before it was due');
    t.like(attempt, { agentId: agentA, e164: '+33612340030' });
    t.like((await dueOf(tokenA))[0], {
      status: 'dialled',
      dialledFor: 'agent',
      dialledAgentId: d.gid('Agent', agentA),
      callId: dialled.callId,
    });
    await d.until('the first follow-up ended', () =>
      d.events.some((e) => e.type === 'ended' && e.recordId === first),
    );
    t.is((await d.dialer.records.get(first))?.status, 'completed');

    // Agent A leaves; its next follow-up falls due while it is away.
    await d.until('agent A free again', () => d.runtime.agentView(agentA).status === 'available');
    const out = await d.runtime.agentAction(agentA, { type: 'logout' });
    t.true(out.ok, JSON.stringify(out));
    const second = ids.get('Second customer')!;
    const later = await d.gql(
      SCHEDULE,
      { r: d.gid('ListRecord', String(second)), at: new Date(Date.now() + 1000).toISOString() },
      tokenA,
    );
    t.like(later.data?.scheduleFollowUp, { data: { status: 'scheduled' } });
    await d.until('the second follow-up connected', () =>
      d.events.some((e) => e.type === 'connected' && e.recordId === second),
    );
    t.is(d.events.find((e) => e.type === 'dialled' && e.recordId === second)?.agentId, agentB);
    const listed = (await dueOf(tokenA)).find((f) => f.record.name === 'Second customer');
    t.like(listed, {
      status: 'dialled',
      dialledFor: 'campaign',
      dialledAgentId: d.gid('Agent', agentB),
    });
    // Nothing else was dialled: a preview campaign starts no call by itself.
    t.deepEqual(
      [...new Set(d.events.filter((e) => e.type === 'dialled').map((e) => e.recordId))].sort(),
      [first, second].sort(),
    );
  },
);

test.serial(
  'follow-ups are refused in the past and for an agent outside the campaign, and cancelled by their agent',
  async (t) => {
    const campaign = await runningCampaign(d, 'Only A', {
      agentIds: [d.agents[0]!],
      settings: { mode: 'preview' },
      rows: [['Someone', '0612340050']],
    });
    const record = d.gid(
      'ListRecord',
      String((await recordsByName(d, campaign.id)).get('Someone')),
    );
    const past = await d.gql(
      SCHEDULE,
      { r: record, at: new Date(Date.now() - 3_600_000).toISOString() },
      d.tokens[0],
    );
    t.like(past.data?.scheduleFollowUp, { code: 'VALIDATION_FAILED' });
    const outsider = await d.gql(
      SCHEDULE,
      { r: record, at: new Date(Date.now() + 3_600_000).toISOString() },
      d.tokens[1],
    );
    t.like(outsider.data?.scheduleFollowUp, { code: 'VALIDATION_FAILED' });

    // Booked, then cancelled by its agent (not by another): the contact goes back to pacing.
    const booked = await d.gql(
      SCHEDULE,
      { r: record, at: new Date(Date.now() + 3_600_000).toISOString() },
      d.tokens[0],
    );
    const id = (booked.data?.scheduleFollowUp as { data: { id: string } }).data.id;
    const recordId = (await recordsByName(d, campaign.id)).get('Someone')!;
    t.is((await d.dialer.records.get(recordId))?.status, 'follow-up');
    const CANCEL = `mutation($id: ID!) { cancelFollowUp(id: $id) {
    ... on MutationCancelFollowUpSuccess { data { status } } ... on Problem { code } } }`;
    t.like((await d.gql(CANCEL, { id }, d.tokens[1])).data?.cancelFollowUp, { code: 'FORBIDDEN' });
    t.like((await d.gql(CANCEL, { id }, d.tokens[0])).data?.cancelFollowUp, {
      data: { status: 'cancelled' },
    });
    t.is((await d.dialer.records.get(recordId))?.status, 'scheduled');
    t.like((await d.gql(CANCEL, { id }, d.tokens[0])).data?.cancelFollowUp, { code: 'CONFLICT' });
  },
);
