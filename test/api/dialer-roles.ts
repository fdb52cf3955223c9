/**
 * The dialer follow-up rows of the role matrix (test/api/roles.test.ts),
 * on the rules of the dialer's agent side (setCallDisposition): agents
 * book, list and cancel their own follow-ups; admins and supervisors do so
 * for any agent of their business lines; QA does none of it (DIAL-9, SEC-1).
 */
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { Role } from '../../src/domain/shared/roles.ts';
import type { TestApi } from '../helpers/api.ts';
import type { Org } from '../helpers/org.ts';

type Caller = Role | 'anonymous';

/** A row of the matrix (the same shape roles.test.ts uses). */
interface Operation {
  name: string;
  allowed: Caller[];
  request(ctx: {
    api: TestApi;
    org: Org;
    caller: Caller;
    n: number;
  }): Promise<{ query: string; variables?: Record<string, unknown> }>;
}

const AGENT_SIDE: Caller[] = ['admin', 'supervisor', 'agent'];

/** A fresh contact of a line A campaign worked by agent A1 (the agent caller's agent). */
async function contact(api: TestApi, org: Org, n: number) {
  const campaign = await api.services.dialer.create(api.admin, {
    businessLineId: org.raw.lineA.id,
    name: `Follow-ups ${n}`,
    agentIds: [org.raw.agentA1.id],
    settings: { mode: 'preview' },
  });
  const list = await api.dialerStore.lists.create({ campaignId: campaign.id, name: 'List' });
  await api.dialerStore.records.insertMany([
    {
      listId: list.id,
      campaignId: campaign.id,
      name: `Contact ${n}`,
      externalId: null,
      data: {},
      numbers: [
        {
          e164: `+3361234${String(n % 10_000).padStart(4, '0')}`,
          timezone: 'Europe/Paris',
          country: 'FR',
          attempts: 0,
          status: 'active',
        },
      ],
      status: 'pending',
      nextAt: api.clock.now(),
    },
  ]);
  const [record] = await api.dialerStore.records.due(campaign.id, api.clock.now(), 1);
  return encodeGlobalID('ListRecord', String(record!.id));
}

/** Rows for the follow-up query and mutation. */
export const DIALER_OPERATIONS: Operation[] = [
  {
    name: 'query dialerFollowUpsDue',
    allowed: AGENT_SIDE,
    request: async () => ({
      query: '{ r: dialerFollowUpsDue { id status dueAt record { name numbers } } }',
    }),
  },
  {
    name: 'scheduleFollowUp',
    allowed: AGENT_SIDE,
    request: async ({ api, org, caller, n }) => ({
      query: `mutation($r: ID!, $at: DateTime!, $agent: ID) {
        r: scheduleFollowUp(recordId: $r, dueAt: $at, agentId: $agent) {
          __typename ... on Problem { code message } } }`,
      variables: {
        r: await contact(api, org, n),
        at: new Date(api.clock.now() + 3_600_000).toISOString(),
        // Agents book for themselves; the others name agent A1.
        agent: caller === 'agent' ? null : org.ids.agentA1,
      },
    }),
  },
  {
    name: 'cancelFollowUp',
    allowed: AGENT_SIDE,
    request: async ({ api, org, n }) => {
      const booked = await api.services.dialer.scheduleFollowUp(api.admin, {
        recordId: Number(decodeGlobalID(await contact(api, org, n)).id),
        dueAt: api.clock.now() + 3_600_000,
        note: '',
        agentId: org.raw.agentA1.id,
      });
      return {
        query: `mutation($id: ID!) { r: cancelFollowUp(id: $id) {
          __typename ... on Problem { code message } } }`,
        variables: { id: encodeGlobalID('DialerFollowUp', booked.followUp.id) },
      };
    },
  },
];
