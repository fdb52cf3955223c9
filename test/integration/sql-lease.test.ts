/**
 * The active/standby lease in MariaDB (HA_LEASE=database): one holder at a
 * time, taken again by the same holder, renewed only by its holder, lost to
 * nobody while held, free again once it lapses (in the database's clock)
 * or is released.
 */
import { randomBytes } from 'node:crypto';
import test from 'ava';
import pino from 'pino';
import { openSqlLease } from '../../src/ha/sql-lease.ts';
import { createKnex } from '../../src/store/connection.ts';
import { testDatabases } from '../helpers/databases.ts';

const mariadb = testDatabases().find((d) => d.name === 'mariadb');

test('one holder at a time; renewal and release only by the holder; free once it lapses', async (t) => {
  if (mariadb === undefined) throw new Error('MariaDB is not configured');
  const databaseUrl = await mariadb.emptyDatabaseUrl();
  const name = `lease-test-${randomBytes(4).toString('hex')}`;
  const a = openSqlLease({ databaseUrl, name, ttlMs: 1000 });
  const b = openSqlLease({ databaseUrl, name, ttlMs: 1000 });
  const db = createKnex(databaseUrl, { poolMax: 1 });
  t.teardown(async () => {
    await a.close();
    await b.close();
    await db.destroy();
  });
  const row = () => db('ha_leases').where({ name }).first('holder');
  t.true(await a.acquire());
  t.true(await a.acquire(), 'the holder takes it again');
  t.false(await b.acquire(), 'another instance does not');
  t.is(await a.renew(), 'held');
  t.is(await b.renew(), 'lost');
  await b.release();
  t.is((await row())?.holder, a.holderId, "another instance's release leaves it alone");
  const [[left]] = await db.raw(
    'SELECT TIMESTAMPDIFF(MICROSECOND, NOW(3), expires_at) / 1000 AS ms FROM ha_leases WHERE name = ?',
    [name],
  );
  t.true(
    Number(left.ms) > 0 && Number(left.ms) <= 1000,
    `it lapses by itself (${left.ms} ms left)`,
  );
  // The lease lapses (as when its holder is killed): the other takes it.
  await db('ha_leases')
    .where({ name })
    .update({ expires_at: db.raw('NOW(3) - INTERVAL 1 SECOND') });
  t.true(await b.acquire());
  t.is(await a.renew(), 'lost', 'the old holder learns it lost the lease');
  await b.release();
  t.is(await row(), undefined);
});

test('a database that does not answer fails the renewal within a quarter of the lease', async (t) => {
  // Nothing listens on port 9 (discard): connecting fails or hangs; either way the call gives up.
  const lease = openSqlLease({
    databaseUrl: 'mysql://root@127.0.0.1:9/none',
    name: 'unreachable',
    ttlMs: 1000,
    logger: pino({ level: 'silent' }),
  });
  t.teardown(() => lease.close());
  await t.throwsAsync(lease.renew());
});
