/**
 * Listing calls by caller number (`anis`), as the screen pop reads a
 * caller's history: only those numbers, only the given business lines,
 * newest first, paged.
 */
import test from 'ava';
import type { CallRecord } from '../../src/domain/call/call-record.ts';
import { testDatabases, unique } from '../helpers/databases.ts';
import { newBusinessLine } from './seed.ts';

const T0 = Date.UTC(2025, 4, 20, 14, 0, 0, 0);

function callFrom(ani: string, businessLineId: string, minute: number): Omit<CallRecord, 'id'> {
  return {
    linkedId: unique('1747749600.9'),
    businessLineId,
    direction: 'inbound',
    ani,
    dnis: '5001',
    queueId: null,
    agentId: null,
    startedAt: T0 + minute * 60_000,
    answeredAt: null,
    endedAt: null,
    hangupCause: null,
    hangupBy: null,
    disposition: `d${minute}`,
    notes: null,
  };
}

for (const db of testDatabases()) {
  test(`[${db.name}] calls by caller number: those numbers, those lines, newest first`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const other = await newBusinessLine(store);
    // Numbers of their own, so calls other tests write to the shared database never match.
    const e164 = `+3361${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const national = `0${e164.slice(3)}`;
    for (const [ani, lineId, minute] of [
      [e164, line.id, 1],
      [national, line.id, 2],
      [e164, other.id, 3],
      ['+33999999999', line.id, 4],
      [e164, line.id, 5],
    ] as const) {
      await store.calls.upsertCall(callFrom(ani, lineId, minute));
    }
    const page = { offset: 0, limit: 10 };
    const found = await store.calls.list(
      { businessLineIds: [line.id], anis: [e164, national] },
      page,
    );
    t.deepEqual(
      found.map((c) => [c.ani, c.disposition]),
      [
        [e164, 'd5'],
        [national, 'd2'],
        [e164, 'd1'],
      ],
    );
    const first = await store.calls.list(
      { businessLineIds: [line.id], anis: [e164] },
      {
        offset: 0,
        limit: 1,
      },
    );
    t.deepEqual(
      first.map((c) => c.disposition),
      ['d5'],
    );
    t.deepEqual(await store.calls.list({ businessLineIds: [line.id], anis: [] }, page), []);
  });
}

/** The plan of the one `calls` query `list` sends, as the database explains it. */
async function planOf(
  store: Awaited<ReturnType<ReturnType<typeof testDatabases>[number]['store']>>,
  list: () => Promise<unknown>,
): Promise<string> {
  const sent: Array<{ sql: string; bindings: readonly unknown[] }> = [];
  const listen = (q: { sql: string; bindings?: readonly unknown[] }) =>
    sent.push({ sql: q.sql, bindings: q.bindings ?? [] });
  store.knex.on('query', listen);
  try {
    await list();
  } finally {
    store.knex.off('query', listen);
  }
  const query = sent.find((q) => /from [`"]calls[`"]/.test(q.sql));
  if (query === undefined) throw new Error('no query of calls was sent');
  const sqlite = store.knex.client.dialect === 'sqlite3';
  const rows = await store.knex.raw(`${sqlite ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} ${query.sql}`, [
    ...query.bindings,
  ] as string[]);
  return JSON.stringify(sqlite ? rows : rows[0]);
}

for (const db of testDatabases().filter((d) => d.name === 'sqlite')) {
  test(`[${db.name}] a caller's history is read through the number indexes, not the line's calls`, async (t) => {
    const store = await db.store();
    const line = await newBusinessLine(store);
    const number = `+3361${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const page = { offset: 0, limit: 6 };
    const byAni = await planOf(store, () =>
      store.calls.list({ businessLineIds: [line.id], anis: [number] }, page),
    );
    t.regex(byAni, /calls_ani_line_started_index/, byAni);
    // Calls from or to the number (contact pages): each side has its own index.
    const byNumber = await planOf(store, () =>
      store.calls.list({ businessLineIds: [line.id], numbers: [number] }, page),
    );
    t.regex(byNumber, /calls_ani_line_started_index/, byNumber);
    t.regex(byNumber, /calls_dnis_line_started_index/, byNumber);
    t.notRegex(byNumber, /calls_business_line_id_started_at_index/, byNumber);
  });
}
