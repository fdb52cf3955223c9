/**
 * The records rows of the role matrix (test/api/roles.test.ts): recordings
 * (everyone, each seeing what SEC-1 allows), reports and the wallboard
 * (admin, supervisor, QA), an agent's figures (everyone for agent A1: its
 * own, or its line's for the staff), and the administration of rates,
 * regions, retention and recordings (admin only).
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
const STAFF: Caller[] = ['admin', 'supervisor', 'qa'];
const ADMIN: Caller[] = ['admin'];
const PROBLEM = '__typename ... on Problem { code message }';
const mutation = (variables: string, call: string) =>
  `mutation(${variables}) { r: ${call} { ${PROBLEM} } }`;
const PERIOD = { from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z' };

export const RECORDS_OPERATIONS: Operation[] = [
  {
    name: 'query recordings',
    allowed: ALL,
    request: () => ({ query: '{ r: recordings { edges { node { id playUrl } } } }' }),
  },
  {
    name: 'query report',
    allowed: STAFF,
    request: () => ({
      query:
        'query($p: ReportPeriod!) { r: report(period: $p, dimension: AGENT) { rows { calls } exportUrl } }',
      variables: { p: PERIOD },
    }),
  },
  {
    name: 'query regionReport',
    allowed: STAFF,
    request: () => ({
      query: 'query($p: ReportPeriod!) { r: regionReport(period: $p) { rows { calls } } }',
      variables: { p: PERIOD },
    }),
  },
  {
    name: 'query callsExportUrl',
    allowed: ALL,
    request: () => ({ query: '{ r: callsExportUrl }' }),
  },
  {
    name: 'query liveSnapshot',
    allowed: STAFF,
    request: () => ({ query: '{ r: liveSnapshot { callsWaiting queues { waiting } } }' }),
  },
  {
    name: "query myFiguresToday (agent A1's)",
    allowed: ALL,
    request: ({ org }) => ({
      query: 'query($a: ID) { r: myFiguresToday(agentId: $a) { answered } }',
      variables: { a: org.ids.agentA1 },
    }),
  },
  {
    name: 'query rateTables',
    allowed: STAFF,
    request: () => ({ query: '{ r: rateTables { id rates { prefix } } }' }),
  },
  {
    name: 'query regionPrefixes',
    allowed: STAFF,
    request: () => ({ query: '{ r: regionPrefixes { prefix } }' }),
  },
  {
    name: 'query retentionSettings',
    allowed: STAFF,
    request: () => ({ query: '{ r: retentionSettings { callDays } }' }),
  },
  {
    name: 'mutation saveRateTable',
    allowed: ADMIN,
    request: ({ n }) => ({
      query: mutation('$input: RateTableInput!', 'saveRateTable(input: $input)'),
      variables: {
        input: { name: `Rates ${n}`, currency: 'EUR', rates: [{ prefix: '33', perMinute: 0.02 }] },
      },
    }),
  },
  {
    name: 'mutation deleteRateTable',
    allowed: ADMIN,
    request: async ({ api, n }) => {
      const table = await api.services.recordsAdmin.saveRateTable(api.admin, {
        businessLineId: null,
        name: `Doomed ${n}`,
        currency: 'EUR',
        rates: [],
      });
      return {
        query: mutation('$id: ID!', 'deleteRateTable(id: $id)'),
        variables: { id: table.id },
      };
    },
  },
  {
    name: 'mutation loadRegionPrefixes',
    allowed: ADMIN,
    request: () => ({
      query: mutation('$csv: String!', 'loadRegionPrefixes(csv: $csv)'),
      variables: { csv: 'prefix,region\n331,Ile-de-France\n334,Sud-Est\n' },
    }),
  },
  {
    name: 'mutation setRetention',
    allowed: ADMIN,
    request: ({ org }) => ({
      query: mutation('$input: RetentionInput!', 'setRetention(input: $input)'),
      variables: { input: { businessLineId: org.ids.lineB, callDays: 3650 } },
    }),
  },
  {
    name: 'mutation runRetention',
    allowed: ADMIN,
    request: () => ({
      query: 'mutation { r: runRetention { __typename ... on Problem { code message } } }',
    }),
  },
  {
    name: 'mutation deleteRecording',
    allowed: ADMIN,
    request: async ({ api, org, n }) => {
      const rec = await api.store.recordings.index({
        linkedId: org.raw.callA1.linkedId,
        name: `roles-${n}`,
        format: 'wav',
        startedAt: null,
        endedAt: api.clock.now(),
        durationMs: 1000,
        sizeBytes: null,
      });
      return {
        query: mutation('$id: ID!', 'deleteRecording(id: $id)'),
        variables: { id: encodeGlobalID('Recording', rec.id) },
      };
    },
  },
];
