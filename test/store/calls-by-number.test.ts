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
