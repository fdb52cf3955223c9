/**
 * Time-ordered ids: UUID version 7 text, sorting in the order they were
 * made, also many within one millisecond and across a backwards clock step.
 */
import test from 'ava';
import { orderedId } from '../../src/store/ordered-id.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are UUIDv7 text carrying their millisecond', (t) => {
  const at = Date.UTC(2026, 10, 23, 12, 0, 0, 0) + 1_000_000;
  const id = orderedId(at);
  t.regex(id, V7);
  t.is(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
});

test('ids sort in the order they were made, 10,000 in one millisecond or a clock going back', (t) => {
  const at = Date.UTC(2027, 0, 1);
  const ids = [
    ...Array.from({ length: 10_000 }, () => orderedId(at)),
    ...Array.from({ length: 10 }, () => orderedId(at - 5000)),
    orderedId(at + 60_000),
  ];
  t.true(ids.every((id) => V7.test(id)));
  t.is(new Set(ids).size, ids.length);
  t.deepEqual([...ids].sort(), ids);
});
