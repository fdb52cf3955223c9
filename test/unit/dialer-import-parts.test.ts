/**
 * The parts of a CSV import that must hold at any size: the compact
 * number-key set (dedup and do-not-call lookups) agrees with a plain Set
 * through its growth; the CSV source numbers unreadable rows in file
 * order among the good ones and knows the total before the first row;
 * the row checker normalises, infers the zone and reports why a row fails.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { dncKey } from '../../src/domain/dialer/dnc.ts';
import { rowParser } from '../../src/domain/dialer/list-row.ts';
import { NumberSet } from '../../src/domain/dialer/number-set.ts';
import { openCsv } from '../../src/store/dialer/csv-source.ts';

test('NumberSet agrees with a Set through growth, duplicates and misses', (t) => {
  const keys = new NumberSet();
  const plain = new Set<number>();
  // E.164 keys above 2^32, close together and far apart, each added twice.
  for (let i = 0; i < 50_000; i += 1) {
    const key = i % 2 === 0 ? 33_610_000_000 + i : 1_212_555_0000 + i * 7919;
    keys.add(key).add(key);
    plain.add(key);
  }
  t.is(keys.size, plain.size);
  for (const key of plain) t.true(keys.has(key));
  for (let i = 0; i < 1000; i += 1) t.false(keys.has(44_200_000_000 + i));
  t.deepEqual([...keys].sort(), [...plain].sort());
  // 0 and non-integers are no number's key: never stored.
  keys.add(0).add(1.5).add(Number.NaN);
  t.is(keys.size, plain.size);
  t.false(keys.has(0));
});

test('dncKey reads E.164 with or without the plus', (t) => {
  t.is(dncKey('+33612345678'), 33_612_345_678);
  t.is(dncKey('33612345678'), 33_612_345_678);
});

async function readAll(source: ReturnType<typeof openCsv>) {
  const items: unknown[] = [];
  for await (const item of source.rows) items.push(item);
  return items;
}

test('the CSV source numbers unreadable rows in file order and counts the total first', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-csv-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'list.csv');
  // Row 2 has a quote in an unquoted field: csv-parse cannot read it and skips it.
  writeFileSync(path, 'name,phone\nA,0612345670\nB b"ad,0612345671\nC,0612345672\n\nD,0612345673');
  const source = openCsv({ path });
  t.is(await source.totalRows, 5);
  const items = await readAll(source);
  t.deepEqual(await source.header, ['name', 'phone']);
  t.deepEqual(
    items.map((i) =>
      'error' in (i as object)
        ? `${(i as { rowNumber: number }).rowNumber}!`
        : (i as { rowNumber: number }).rowNumber,
    ),
    [1, '2!', 3, 4],
  );
  t.like(items[2], { fields: { name: 'C', phone: '0612345672' } });
});

test('the row checker normalises, infers zones and says why a row fails', (t) => {
  const check = rowParser(
    { name: 'name', phones: ['phone', 'mobile'], timezone: 'tz', externalId: null },
    { defaultCountry: 'FR', countries: new Set(['FR', 'US']) },
  );
  t.like(
    check({ name: 'A', phone: '06 12 34 56 78', mobile: '+1 415 555 2671', tz: '', city: 'X' }),
    {
      ok: true,
      row: {
        name: 'A',
        numbers: [
          { e164: '+33612345678', country: 'FR', timezone: 'Europe/Paris' },
          { e164: '+14155552671', country: 'US', timezone: 'America/Los_Angeles' },
        ],
        data: { city: 'X' },
      },
    },
  );
  t.like(check({ name: 'B', phone: '0612345678', mobile: '', tz: 'Europe/Lisbon' }), {
    ok: true,
    row: { numbers: [{ timezone: 'Europe/Lisbon' }] },
  });
  t.deepEqual(check({ name: 'C', phone: 'n/a', mobile: '', tz: '' }), {
    ok: false,
    reason: '"n/a" is not a valid phone number',
  });
  t.deepEqual(check({ name: 'D', phone: '+44 20 7946 0958', mobile: '', tz: '' }), {
    ok: false,
    reason: "+442079460958 is in GB, outside the campaign's countries",
  });
  t.deepEqual(check({ name: 'E', phone: '0612345678', mobile: '', tz: 'Mars/Base' }), {
    ok: false,
    reason: '"Mars/Base" is not an IANA time zone',
  });
  t.deepEqual(check({ name: 'F\uFFFD', phone: '0612345678', mobile: '', tz: '' }), {
    ok: false,
    reason: 'the row is not valid UTF-8 (save the file as UTF-8)',
  });
  t.deepEqual(check({ name: 'G', phone: '', mobile: '', tz: '' }), {
    ok: false,
    reason: 'no phone number',
  });
});
