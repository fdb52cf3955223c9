/**
 * Bad input to the dialer through GraphQL: CSV imports with garbage rows,
 * duplicates, numbers outside the campaign's countries, the wrong encoding,
 * missing columns, no data rows, and a file cut in the middle (imported
 * again, it resumes); every rejected row is reported with its number and
 * reason and the good rows are imported. Starting a campaign without
 * agents, without a usable trunk or outside its calling window is refused
 * with the reason.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeGlobalID } from '@pothos/plugin-relay';
import test from 'ava';
import { DateTime } from 'luxon';
import type { GqlResult } from '../helpers/api.ts';
import { type DialerUnderTest, startDialer } from './dialer-harness.ts';

let d: DialerUnderTest;
test.before(async () => {
  d = await startDialer({ agents: 1 });
});
test.after.always(async () => {
  await d?.close();
});

interface ImportView {
  id: string;
  status: string;
  rowsTotal: number | null;
  rowsDone: number;
  imported: number;
  duplicates: number;
  dnc: number;
  errors: number;
  message: string | null;
  rate: number;
  rowErrors: Array<{ rowNumber: number; reason: string }>;
}

const IMPORT_FIELDS = `id status rowsTotal rowsDone imported duplicates dnc errors message rate
  rowErrors(first: 1000) { rowNumber reason }`;

function data<T>(r: GqlResult, field: string): T {
  const value = r.data?.[field] as { data?: T; code?: string } | undefined;
  if (value?.data === undefined) throw new Error(`no ${field} data in ${JSON.stringify(r)}`);
  return value.data;
}

let campaigns = 0;
async function newList(settings: Record<string, unknown> = {}) {
  campaigns += 1;
  const c = data<{ id: string }>(
    await d.gql(
      `mutation($input: CampaignInput!) { createCampaign(input: $input) {
        ... on MutationCreateCampaignSuccess { data { id } } ... on Problem { code message } } }`,
      {
        input: {
          businessLineId: d.gid('BusinessLine', d.lineId),
          name: `Import ${campaigns}`,
          agentIds: [d.gid('Agent', d.agents[0]!)],
          settings,
        },
      },
    ),
    'createCampaign',
  );
  const list = data<{ id: string }>(
    await d.gql(
      `mutation($c: ID!) { createCallList(campaignId: $c, name: "List") {
        ... on MutationCreateCallListSuccess { data { id } } ... on Problem { code message } } }`,
      { c: c.id },
    ),
    'createCallList',
  );
  return { campaignId: c.id, listId: list.id };
}

const MAPPING = { name: 'name', phones: ['phone', 'mobile'], externalId: 'id' };

/** Starts an import through GraphQL, waits for its end, and reads it back through GraphQL. */
async function importCsv(
  listId: string,
  input: { csv: string } | { path: string },
  mapping = MAPPING,
) {
  const started = data<ImportView>(
    await d.gql(
      `mutation($l: ID!, $csv: String, $path: String, $m: ListColumnMapping!) {
        importCallList(listId: $l, csv: $csv, path: $path, mapping: $m) {
          ... on MutationImportCallListSuccess { data { ${IMPORT_FIELDS} } }
          ... on Problem { code message } } }`,
      { l: listId, ...input, m: mapping },
    ),
    'importCallList',
  );
  const admin = (await d.services.auth.authenticate(d.adminKey, null))!;
  await d.services.dialer.importSettled(admin as never, decodeGlobalID(started.id).id);
  const r = await d.gql(`query($id: ID!) { listImport(id: $id) { ${IMPORT_FIELDS} } }`, {
    id: started.id,
  });
  return r.data?.listImport as ImportView;
}

async function recordsOf(campaignId: string) {
  const rows = (await d.store
    .knex('dialer_records')
    .where({ campaign_id: decodeGlobalID(campaignId).id })
    .orderBy('id')) as Array<{ name: string; external_id: string | null; numbers: string }>;
  return rows.map((r) => ({
    name: r.name,
    externalId: r.external_id,
    numbers: (JSON.parse(r.numbers) as Array<{ e164: string; timezone: string }>).map(
      (n) => n.e164,
    ),
    zones: (JSON.parse(r.numbers) as Array<{ timezone: string }>).map((n) => n.timezone),
  }));
}

const phone = (i: number) => `06${String(10_000_000 + i).slice(-8)}`;
const e164 = (i: number) => `+336${String(10_000_000 + i).slice(-8)}`;

test('garbage rows, duplicates and foreign numbers are reported per row; the good rows import', async (t) => {
  const { campaignId, listId } = await newList({ countries: ['FR'] });
  const lines = ['id,name,phone,mobile,city'];
  const expectedErrors: number[] = [];
  let good = 0;
  let duplicates = 0;
  for (let i = 1; i <= 200; i += 1) {
    if (i % 20 === 0) {
      // 5% garbage rows: neither column holds a number.
      lines.push(`${i},Garbage ${i},not a number,??,Lyon`);
      expectedErrors.push(i);
    } else if (i % 33 === 0) {
      // A number already met in this file.
      lines.push(`${i},Again ${i},${phone(i - 1)},,Lyon`);
      duplicates += 1;
    } else if (i === 50) {
      lines.push(`${i},Abroad,+1 212 555 0199,+44 20 7946 0958,New York`);
      expectedErrors.push(i);
    } else {
      lines.push(`${i},Customer ${i},${phone(i)},,Lyon`);
      good += 1;
    }
  }
  const result = await importCsv(listId, { csv: `${lines.join('\n')}\n` });
  t.like(result, {
    status: 'completed',
    rowsTotal: 200,
    rowsDone: 200,
    imported: good,
    duplicates,
    errors: expectedErrors.length,
  });
  t.true(result.rate > 0);
  t.deepEqual(
    result.rowErrors.map((e) => e.rowNumber),
    expectedErrors,
  );
  t.regex(result.rowErrors[0]!.reason, /"not a number" is not a valid phone number/);
  t.regex(
    result.rowErrors.find((e) => e.rowNumber === 50)!.reason,
    /\+12125550199 is in US, outside the campaign's countries/,
  );
  const records = await recordsOf(campaignId);
  t.is(records.length, good);
  t.deepEqual(records[0], {
    name: 'Customer 1',
    externalId: '1',
    numbers: [e164(1)],
    zones: ['Europe/Paris'],
  });
  t.is(new Set(records.flatMap((r) => r.numbers)).size, good);
});

test('numbers already in the campaign and on the do-not-call list are skipped', async (t) => {
  const { campaignId, listId } = await newList();
  const first = await importCsv(
    listId,
    { csv: `id,name,phone\n1,A,${phone(301)}\n` },
    {
      ...MAPPING,
      phones: ['phone'],
    },
  );
  t.is(first.imported, 1);
  const added = await d.gql(
    `mutation($n: String!, $l: ID) { addDncNumber(number: $n, businessLineId: $l) {
      ... on MutationAddDncNumberSuccess { data { number } } ... on Problem { code message } } }`,
    { n: phone(302), l: d.gid('BusinessLine', d.lineId) },
  );
  t.is(data<{ number: string }>(added, 'addDncNumber').number, e164(302));
  const second = await importCsv(
    listId,
    { csv: `id,name,phone\n1,A,${phone(301)}\n2,B,${phone(302)}\n3,C,${phone(303)}\n` },
    { ...MAPPING, phones: ['phone'] },
  );
  t.like(second, { status: 'completed', imported: 1, duplicates: 1, dnc: 1, errors: 0 });
  t.deepEqual(
    (await recordsOf(campaignId)).map((r) => r.numbers[0]),
    [e164(301), e164(303)],
  );
});

test('a file without a mapped column is refused as a whole', async (t) => {
  const { campaignId, listId } = await newList();
  const result = await importCsv(listId, { csv: `id,name,phone\n1,A,${phone(401)}\n` });
  t.like(result, { status: 'failed', imported: 0, message: 'missing columns: mobile' });
  t.deepEqual(await recordsOf(campaignId), []);
});

test('a file with a header and no rows completes with nothing imported', async (t) => {
  const { campaignId, listId } = await newList();
  const result = await importCsv(listId, { csv: 'id,name,phone,mobile\n' });
  t.like(result, {
    status: 'completed',
    rowsTotal: 0,
    rowsDone: 0,
    imported: 0,
    errors: 0,
    message: 'the file has no data rows',
  });
  t.deepEqual(await recordsOf(campaignId), []);
  const empty = await importCsv(listId, { csv: '' });
  t.is(empty.status, 'failed');
  t.regex(empty.message ?? '', /missing columns/);
});

test('a file in the wrong encoding: Latin-1 rows are reported, UTF-16 is refused', async (t) => {
  const { campaignId, listId } = await newList();
  const dir = tmpdir();
  const latin1 = join(dir, `latin1-${process.pid}.csv`);
  writeFileSync(
    latin1,
    Buffer.from(
      `id,name,phone,mobile\n1,Ren\u00e9,${phone(501)},\n2,Anne,${phone(502)},\n`,
      'latin1',
    ),
  );
  const result = await importCsv(listId, { path: latin1 });
  t.like(result, { status: 'completed', imported: 1, errors: 1 });
  t.deepEqual(result.rowErrors, [
    { rowNumber: 1, reason: 'the row is not valid UTF-8 (save the file as UTF-8)' },
  ]);
  t.deepEqual(
    (await recordsOf(campaignId)).map((r) => r.name),
    ['Anne'],
  );
  const utf16 = join(dir, `utf16-${process.pid}.csv`);
  const text = `id,name,phone,mobile\n3,Zoe,${phone(503)},\n`;
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const refused = await importCsv(listId, { path: utf16 });
  t.is(refused.status, 'failed');
  t.regex(refused.message ?? '', /UTF-16.*save it as UTF-8/);
  t.is((await recordsOf(campaignId)).length, 1);
});

test('a file cut in the middle keeps its complete rows; importing the whole file resumes it', async (t) => {
  const { campaignId, listId } = await newList();
  const rows = Array.from(
    { length: 30 },
    (_, i) => `${i + 1},"Customer ${i + 1}",${phone(600 + i)},`,
  );
  const whole = `id,name,phone,mobile\n${rows.join('\n')}\n`;
  // Cut inside the quoted name of row 21: that row cannot be read, the ones before can.
  const cut = whole.slice(0, whole.indexOf('"Customer 21"') + 5);
  const partial = await importCsv(listId, { csv: cut });
  t.like(partial, { status: 'completed', imported: 20, errors: 1 });
  t.is(partial.rowErrors[0]?.rowNumber, 21);
  t.regex(partial.rowErrors[0]?.reason ?? '', /Quote Not Closed/i);
  const resumed = await importCsv(listId, { csv: whole });
  t.like(resumed, { status: 'completed', imported: 10, duplicates: 20, errors: 0 });
  const names = (await recordsOf(campaignId)).map((r) => r.name);
  t.is(names.length, 30);
  t.deepEqual(names.slice(18, 22), ['Customer 19', 'Customer 20', 'Customer 21', 'Customer 22']);
  // A line cut without a quote is a short row: reported, not fatal.
  const { listId: other } = await newList();
  const short = await importCsv(other, { csv: `id,name,phone,mobile\n1,A,${phone(700)},\n2,B` });
  t.like(short, { status: 'completed', imported: 1, errors: 1 });
  t.deepEqual(short.rowErrors, [{ rowNumber: 2, reason: 'no phone number' }]);
});

/** The Problem a startCampaign answers. */
async function start(campaignId: string) {
  const r = await d.gql(
    `mutation($id: ID!) { startCampaign(id: $id) {
      ... on MutationStartCampaignSuccess { data { status } }
      ... on Problem { code message details } } }`,
    { id: campaignId },
  );
  return r.data?.startCampaign as {
    data?: { status: string };
    code?: string;
    message?: string;
    details?: { reason?: string };
  };
}

/** A window of the business line's zone (Europe/Paris) that does not hold the current time. */
function windowNotNow() {
  const hour = DateTime.now().setZone('Europe/Paris').hour;
  const from = hour <= 20 ? hour + 2 : hour - 4;
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return {
    start: hh(from),
    end: hh(from + 1),
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    skipHolidays: false,
  };
}

test('a campaign is not started without agents, without a trunk, or outside its window', async (t) => {
  const always = {
    start: '00:00',
    end: '23:59',
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    skipHolidays: false,
  };
  const created = data<{ id: string }>(
    await d.gql(
      `mutation($input: CampaignInput!) { createCampaign(input: $input) {
        ... on MutationCreateCampaignSuccess { data { id } } ... on Problem { code message } } }`,
      {
        input: {
          businessLineId: d.gid('BusinessLine', d.lineId),
          name: 'Nobody',
          settings: { window: always },
        },
      },
    ),
    'createCampaign',
  );
  const noAgents = await start(created.id);
  t.like(noAgents, { code: 'CONFLICT', details: { reason: 'NO_AGENTS' } });
  t.regex(noAgents.message ?? '', /no agents/);

  const { campaignId: noTrunk } = await newList({ trunk: 'PJSIP/trunk', window: always });
  t.like(await start(noTrunk), { code: 'CONFLICT', details: { reason: 'NO_TRUNK' } });

  const { campaignId: closed } = await newList({ window: windowNotNow() });
  const outside = await start(closed);
  t.like(outside, { code: 'CONFLICT', details: { reason: 'OUTSIDE_WINDOW' } });
  t.regex(outside.message ?? '', /outside the calling window .*Europe\/Paris/);

  // Nothing was started: every campaign is still a draft.
  for (const id of [created.id, noTrunk, closed]) {
    const r = await d.gql('query($id: ID!) { dialerCampaign(id: $id) { status } }', { id });
    t.is((r.data?.dialerCampaign as { status: string }).status, 'draft');
  }
});
