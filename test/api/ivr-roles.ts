// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
/**
 * The IVR's rows of the role matrix (test/api/roles.test.ts): every IVR
 * query and mutation, called by every role, allowed or denied as SEC-1
 * says. Each row builds the records it acts on in line A (or B).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
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
  }):
    | Promise<{ query: string; variables?: Record<string, unknown> }>
    | { query: string; variables?: Record<string, unknown> };
}

const ALL: Caller[] = ['admin', 'supervisor', 'qa', 'agent'];
const READ: Caller[] = ['admin', 'supervisor', 'qa'];
const WRITE: Caller[] = ['admin', 'supervisor'];
const PROBLEM = '__typename ... on Problem { code message }';
const mutation = (variables: string, call: string) =>
  `mutation(${variables}) { r: ${call} { ${PROBLEM} } }`;

const doc = (key: string, prompt = 'hello-world') => ({
  schemaVersion: 1,
  id: key,
  name: key,
  start: 'p',
  nodes: { p: { type: 'play', prompt, next: 'h' }, h: { type: 'hangup' } },
});

/** A published flow of line A (or B) with a unique key. */
async function flow(api: TestApi, lineId: string, n: number) {
  const created = await api.services.ivr.flows.create(api.admin, {
    businessLineId: lineId,
    name: `Flow ${n}`,
    document: doc(`flow-${n}-${lineId.slice(0, 4)}`),
  });
  await api.services.ivr.flows.publish(api.admin, created.id, 'first');
  return { raw: created, id: encodeGlobalID('IvrFlow', created.id) };
}

const schedule = (key: string) => ({
  key,
  timezone: 'Europe/Paris',
  week: [{ day: 'MON', intervals: [{ from: '08:00', to: '18:00' }] }],
});

async function scheduleId(api: TestApi, lineId: string, n: number) {
  const s = await api.services.ivr.schedules.create(api.admin, lineId, {
    id: `hours-${n}`,
    timezone: 'Europe/Paris',
    week: { mon: [{ from: '08:00', to: '18:00' }] },
    holidays: [{ date: '12-25', name: 'Christmas' }],
  });
  return encodeGlobalID('IvrSchedule', s.id);
}

async function mailbox(api: TestApi, lineId: string, n: number) {
  return api.services.ivr.voicemail.createMailbox(api.admin, {
    businessLineId: lineId,
    key: `box-${n}`,
    name: `Box ${n}`,
  });
}

/** A message in line A, assigned to `userId` (or nobody). */
async function voicemail(api: TestApi, lineId: string, n: number, userId: string | null) {
  const box = await mailbox(api, lineId, n);
  const v = await api.ivrStore.voicemails.create({
    mailboxId: box.id,
    businessLineId: lineId,
    channelId: `17000${n}.1`,
    callerNumber: '+33612345678',
    callbackNumber: null,
    recording: `cw-voicemail-${n}`,
    format: 'wav',
    durationS: 5,
    flowKey: 'main',
    flowVersion: 1,
    nodeId: 'vm',
  });
  if (userId !== null) await api.services.ivr.voicemail.assign(api.admin, v.id, userId);
  return encodeGlobalID('IvrVoicemail', v.id);
}

const nodeQuery = 'query($id: ID!) { r: node(id: $id) { id } }';

/** The IVR rows. */
export const IVR_OPERATIONS: Operation[] = [
  {
    name: 'query ivrFlows',
    allowed: READ,
    request: () => ({ query: '{ r: ivrFlows { edges { node { id key activeVersion } } } }' }),
  },
  {
    name: 'node: IVR flow of line A',
    allowed: READ,
    request: async ({ api, org, n }) => ({
      query: nodeQuery,
      variables: { id: (await flow(api, org.raw.lineA.id, n)).id },
    }),
  },
  {
    name: 'node: IVR flow of line B',
    allowed: ['admin'],
    request: async ({ api, org, n }) => ({
      query: nodeQuery,
      variables: { id: (await flow(api, org.raw.lineB.id, n)).id },
    }),
  },
  {
    name: 'createIvrFlow',
    allowed: WRITE,
    request: ({ org, n }) => ({
      query: mutation('$i: IvrFlowInput!', 'createIvrFlow(input: $i)'),
      variables: {
        i: { businessLineId: org.ids.lineA, name: `New ${n}`, document: doc(`new-${n}`) },
      },
    }),
  },
  ...(['updateIvrFlow', 'publishIvrFlow', 'rollbackIvrFlow', 'deleteIvrFlow'] as const).map(
    (name): Operation => ({
      name,
      allowed: WRITE,
      request: async ({ api, org, n }) => {
        const { id, raw } = await flow(api, org.raw.lineA.id, n);
        const calls = {
          updateIvrFlow: ['$id: ID!, $d: JSON!', 'updateIvrFlow(id: $id, input: { document: $d })'],
          publishIvrFlow: ['$id: ID!', 'publishIvrFlow(id: $id, note: "again")'],
          rollbackIvrFlow: ['$id: ID!', 'rollbackIvrFlow(id: $id, version: 1)'],
          deleteIvrFlow: ['$id: ID!', 'deleteIvrFlow(id: $id)'],
        } as const;
        const [vars, call] = calls[name];
        return { query: mutation(vars, call), variables: { id, d: doc(raw.key, 'beep') } };
      },
    }),
  ),
  {
    name: 'query validateIvrFlow',
    allowed: READ,
    request: ({ org, n }) => ({
      query:
        'query($l: ID!, $d: JSON!) { r: validateIvrFlow(businessLineId: $l, document: $d) { ok errors { code } } }',
      variables: { l: org.ids.lineA, d: doc(`v-${n}`) },
    }),
  },
  {
    name: 'query testIvrFlow',
    allowed: READ,
    request: async ({ api, org, n }) => ({
      query: 'query($f: ID!) { r: testIvrFlow(input: { flowId: $f }) { visited last } }',
      variables: { f: (await flow(api, org.raw.lineA.id, n)).id },
    }),
  },
  {
    name: 'IvrFlow.nodeStats',
    allowed: READ,
    request: async ({ api, org, n }) => ({
      query:
        'query($id: ID!) { r: node(id: $id) { ... on IvrFlow { nodeStats { nodeId calls } } } }',
      variables: { id: (await flow(api, org.raw.lineA.id, n)).id },
    }),
  },
  {
    name: 'query ivrSchedules',
    allowed: READ,
    request: () => ({ query: '{ r: ivrSchedules { edges { node { id key } } } }' }),
  },
  {
    name: 'createIvrSchedule',
    allowed: WRITE,
    request: ({ org, n }) => ({
      query: mutation(
        '$l: ID!, $i: IvrScheduleInput!',
        'createIvrSchedule(businessLineId: $l, input: $i)',
      ),
      variables: { l: org.ids.lineA, i: schedule(`new-hours-${n}`) },
    }),
  },
  ...(['updateIvrSchedule', 'addIvrHoliday', 'removeIvrHoliday', 'deleteIvrSchedule'] as const).map(
    (name): Operation => ({
      name,
      allowed: WRITE,
      request: async ({ api, org, n }) => {
        const id = await scheduleId(api, org.raw.lineA.id, n);
        const calls = {
          updateIvrSchedule: [
            '$id: ID!, $i: IvrScheduleInput!',
            'updateIvrSchedule(id: $id, input: $i)',
          ],
          addIvrHoliday: [
            '$id: ID!',
            'addIvrHoliday(scheduleId: $id, holiday: { date: "2026-08-15", name: "x" })',
          ],
          removeIvrHoliday: ['$id: ID!', 'removeIvrHoliday(scheduleId: $id, date: "12-25")'],
          deleteIvrSchedule: ['$id: ID!', 'deleteIvrSchedule(id: $id)'],
        } as const;
        const [vars, call] = calls[name];
        return { query: mutation(vars, call), variables: { id, i: schedule(`hours-${n}`) } };
      },
    }),
  ),
  {
    name: 'query ivrFirewallEntries',
    allowed: READ,
    request: () => ({
      query: '{ r: ivrFirewallEntries { edges { node { id value attempts } } } }',
    }),
  },
  {
    name: 'query ivrFirewallCheck',
    allowed: READ,
    request: ({ org }) => ({
      query:
        'query($l: ID!) { r: ivrFirewallCheck(businessLineId: $l, number: "0612345678") { verdict caller } }',
      variables: { l: org.ids.lineA },
    }),
  },
  {
    name: 'addIvrFirewallEntry',
    allowed: WRITE,
    request: ({ org, n }) => ({
      query: mutation('$i: IvrFirewallEntryInput!', 'addIvrFirewallEntry(input: $i)'),
      variables: {
        i: {
          businessLineId: org.ids.lineA,
          list: 'BLOCK',
          match: 'NUMBER',
          value: `06123${String(n).padStart(5, '0')}`,
        },
      },
    }),
  },
  ...(['updateIvrFirewallEntry', 'removeIvrFirewallEntry'] as const).map(
    (name): Operation => ({
      name,
      allowed: WRITE,
      request: async ({ api, org, n }) => {
        const e = await api.services.ivr.firewall.add(api.admin, {
          businessLineId: org.raw.lineA.id,
          list: 'vip',
          match: 'prefix',
          value: `+3361${n}`,
        });
        const id = encodeGlobalID('IvrFirewallEntry', e.id);
        return name === 'updateIvrFirewallEntry'
          ? {
              query: mutation('$id: ID!', 'updateIvrFirewallEntry(id: $id, label: "key account")'),
              variables: { id },
            }
          : { query: mutation('$id: ID!', 'removeIvrFirewallEntry(id: $id)'), variables: { id } };
      },
    }),
  ),
  {
    name: 'query ivrDidRoutes',
    allowed: READ,
    request: () => ({ query: '{ r: ivrDidRoutes { edges { node { did } } } }' }),
  },
  {
    name: 'setIvrDidRoute',
    allowed: WRITE,
    request: async ({ api, org, n }) => ({
      query: mutation('$f: ID!, $d: String!', 'setIvrDidRoute(did: $d, flowId: $f)'),
      variables: { f: (await flow(api, org.raw.lineA.id, n)).id, d: `81${n}` },
    }),
  },
  {
    name: 'removeIvrDidRoute',
    allowed: WRITE,
    request: async ({ api, org, n }) => {
      const f = await flow(api, org.raw.lineA.id, n);
      await api.services.ivr.routes.set(api.admin, `82${n}`, f.raw.id);
      return {
        query: mutation('$d: String!', 'removeIvrDidRoute(did: $d)'),
        variables: { d: `82${n}` },
      };
    },
  },
  {
    name: 'query ivrMailboxes',
    allowed: READ,
    request: () => ({ query: '{ r: ivrMailboxes { edges { node { id key } } } }' }),
  },
  {
    name: 'createIvrMailbox',
    allowed: WRITE,
    request: ({ org, n }) => ({
      query: mutation('$i: IvrMailboxInput!', 'createIvrMailbox(input: $i)'),
      variables: {
        i: {
          businessLineId: org.ids.lineA,
          key: `new-box-${n}`,
          name: 'New box',
          queueId: org.ids.queueA,
        },
      },
    }),
  },
  ...(['updateIvrMailbox', 'deleteIvrMailbox'] as const).map(
    (name): Operation => ({
      name,
      allowed: WRITE,
      request: async ({ api, org, n }) => {
        const id = encodeGlobalID('IvrMailbox', (await mailbox(api, org.raw.lineA.id, n)).id);
        return name === 'updateIvrMailbox'
          ? {
              query: mutation('$id: ID!', 'updateIvrMailbox(id: $id, input: { name: "Renamed" })'),
              variables: { id },
            }
          : { query: mutation('$id: ID!', 'deleteIvrMailbox(id: $id)'), variables: { id } };
      },
    }),
  ),
  {
    name: 'query ivrVoicemails',
    allowed: ALL,
    request: () => ({ query: '{ r: ivrVoicemails { edges { node { id status } } } }' }),
  },
  {
    name: 'node: a voicemail of line A',
    allowed: READ,
    request: async ({ api, org, n }) => ({
      query: nodeQuery,
      variables: { id: await voicemail(api, org.raw.lineA.id, n, null) },
    }),
  },
  {
    name: 'node: a voicemail assigned to the agent',
    allowed: ALL,
    request: async ({ api, org, n }) => ({
      query: nodeQuery,
      variables: { id: await voicemail(api, org.raw.lineA.id, n, org.users.agent!) },
    }),
  },
  {
    name: 'assignIvrVoicemail',
    allowed: WRITE,
    request: async ({ api, org, n }) => ({
      query: mutation('$id: ID!, $u: ID', 'assignIvrVoicemail(id: $id, userId: $u)'),
      variables: {
        id: await voicemail(api, org.raw.lineA.id, n, null),
        u: encodeGlobalID('User', org.users.agent!),
      },
    }),
  },
  {
    name: 'markIvrVoicemailHandled of a message assigned to the agent',
    allowed: ['admin', 'supervisor', 'agent'],
    request: async ({ api, org, n }) => ({
      query: mutation('$id: ID!', 'markIvrVoicemailHandled(id: $id)'),
      variables: { id: await voicemail(api, org.raw.lineA.id, n, org.users.agent!) },
    }),
  },
  {
    name: 'query ivrSessions',
    allowed: READ,
    request: () => ({ query: '{ r: ivrSessions { edges { node { id outcome } } } }' }),
  },
];
