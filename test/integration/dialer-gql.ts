/**
 * GraphQL steps the dialer's feature tests share: create a campaign, give
 * it a list imported from CSV rows, start it. Each throws with the whole
 * result when the API refuses, so a failing step says why.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Actor } from '../../src/app/actor.ts';
import type { GqlResult } from '../helpers/api.ts';
import type { DialerUnderTest } from './dialer-harness.ts';

/** Calling hours that are always open. */
export const ALWAYS = {
  start: '00:00',
  end: '23:59',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  skipHolidays: false,
};

/** `data` of a mutation's success, or a thrown error with the result. */
export function dataOf<T>(r: GqlResult, field: string): T {
  const value = r.data?.[field] as { data?: T } | undefined;
  if (value?.data === undefined) throw new Error(`no ${field} data in ${JSON.stringify(r)}`);
  return value.data;
}

/** A campaign of the harness's line with a list of `rows` (name, national number); started. */
export async function runningCampaign(
  d: DialerUnderTest,
  name: string,
  o: {
    agentIds?: readonly string[];
    settings: Record<string, unknown>;
    rows: ReadonlyArray<readonly [string, string]>;
  },
): Promise<{ gid: string; id: string }> {
  const created = dataOf<{ id: string }>(
    await d.gql(
      `mutation($input: CampaignInput!) { createCampaign(input: $input) {
        ... on MutationCreateCampaignSuccess { data { id } } ... on Problem { code message } } }`,
      {
        input: {
          businessLineId: d.gid('BusinessLine', d.lineId),
          name,
          agentIds: (o.agentIds ?? []).map((id) => d.gid('Agent', id)),
          settings: { window: ALWAYS, wrapUpS: 0, ...o.settings },
        },
      },
    ),
    'createCampaign',
  );
  const list = dataOf<{ id: string }>(
    await d.gql(
      `mutation($c: ID!) { createCallList(campaignId: $c, name: "List") {
        ... on MutationCreateCallListSuccess { data { id } } ... on Problem { code message } } }`,
      { c: created.id },
    ),
    'createCallList',
  );
  const csv = ['name,phone', ...o.rows.map(([n, phone]) => `${n},${phone}`)];
  const started = dataOf<{ id: string }>(
    await d.gql(
      `mutation($l: ID!, $csv: String, $m: ListColumnMapping!) {
        importCallList(listId: $l, csv: $csv, mapping: $m) {
          ... on MutationImportCallListSuccess { data { id } } ... on Problem { code message } } }`,
      { l: list.id, csv: csv.join('\n'), m: { name: 'name', phones: ['phone'] } },
    ),
    'importCallList',
  );
  const admin = (await d.services.auth.authenticate(d.adminKey, null)) as Actor;
  const imported = await d.services.dialer.importSettled(admin, decodeGlobalID(started.id).id);
  if (imported.imported !== o.rows.length) throw new Error(`import: ${JSON.stringify(imported)}`);
  return { gid: created.id, id: decodeGlobalID(created.id).id };
}

/** Starts a campaign; returns its status. */
export async function startCampaign(d: DialerUnderTest, gid: string): Promise<string> {
  const r = await d.gql(
    `mutation($id: ID!) { startCampaign(id: $id) {
      ... on MutationStartCampaignSuccess { data { status } } ... on Problem { code message } } }`,
    { id: gid },
  );
  return dataOf<{ status: string }>(r, 'startCampaign').status;
}

/** Record ids of a campaign by contact name. */
export async function recordsByName(
  d: DialerUnderTest,
  campaignId: string,
): Promise<Map<string, number>> {
  const rows = (await d.store
    .knex('dialer_records')
    .where({ campaign_id: campaignId })
    .select('id', 'name')) as Array<{ id: number | string; name: string }>;
  return new Map(rows.map((r) => [r.name, Number(r.id)]));
}
