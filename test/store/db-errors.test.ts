import test from 'ava';
import type { Knex } from 'knex';
import { UNIQUE_KEYS } from '../../src/store/constraints.ts';
import { classifyDbError, translateDbError } from '../../src/store/db-errors.ts';
import { atomically } from '../../src/store/repositories/repository-deps.ts';

/** A mysql2 error as the driver raises it (knex prepends the SQL to the message). */
const mysqlError = (errno: number, message: string) =>
  Object.assign(new Error(`insert into t values (...) - ${message}`), { errno });

const noDb = {} as Knex;

test('recognises MySQL 8 and MariaDB duplicate-key messages alike', async (t) => {
  const rules = { unique: [{ key: UNIQUE_KEYS.agentExtension, value: '1001' }] };
  for (const key of ['agents_extension_unique', 'agents.agents_extension_unique']) {
    const error = mysqlError(1062, `Duplicate entry '1001' for key '${key}'`);
    t.deepEqual(classifyDbError(error), { kind: 'unique', mysqlIndex: 'agents_extension_unique' });
    t.like(await translateDbError(noDb, rules, error), {
      code: 'DUPLICATE',
      details: { entity: 'Agent', field: 'extension', value: '1001' },
    });
  }
  const primary = mysqlError(1062, "Duplicate entry 'a-b' for key 'queue_memberships.PRIMARY'");
  t.deepEqual(classifyDbError(primary), { kind: 'unique', mysqlIndex: 'PRIMARY' });
});

test('recognises check, length and still-referenced failures of both servers', (t) => {
  t.deepEqual(classifyDbError(mysqlError(3819, "Check constraint 'users_chk_1' is violated.")), {
    kind: 'check',
    detail: 'users_chk_1',
  });
  t.deepEqual(
    classifyDbError(mysqlError(4025, 'CONSTRAINT `users.role` failed for `db`.`users`')),
    {
      kind: 'check',
      detail: 'users.role',
    },
  );
  t.deepEqual(classifyDbError(mysqlError(1406, "Data too long for column 'name' at row 1")), {
    kind: 'too-long',
    column: 'name',
  });
  t.deepEqual(classifyDbError(mysqlError(1451, 'Cannot delete or update a parent row')), {
    kind: 'still-referenced',
  });
  t.is(classifyDbError(new Error('connection lost')), undefined);
  t.is(classifyDbError('not an error'), undefined);
});

test('leaves errors that are no constraint failure untouched', async (t) => {
  const error = new Error('connection lost');
  t.is(await translateDbError(noDb, {}, error), error);
});

/** A pool whose transactions fail with `failures` first, then run the work. */
function flakyPool(failures: unknown[]) {
  let calls = 0;
  const pool = {
    isTransaction: false,
    async transaction(work: (trx: Knex.Transaction) => Promise<unknown>) {
      calls += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      return work({} as Knex.Transaction);
    },
  };
  return { pool: pool as unknown as Knex, calls: () => calls };
}

const deadlock = () => mysqlError(1213, 'Deadlock found when trying to get lock');

test("retries a repository's own transaction when it is a deadlock victim", async (t) => {
  const { pool, calls } = flakyPool([deadlock(), deadlock()]);
  t.is(await atomically(pool, async () => 'done'), 'done');
  t.is(calls(), 3);
});

test('gives up after three deadlocks, and never retries other errors', async (t) => {
  const stuck = flakyPool([deadlock(), deadlock(), deadlock(), deadlock()]);
  await t.throwsAsync(
    atomically(stuck.pool, async () => 'never'),
    { message: /Deadlock/ },
  );
  t.is(stuck.calls(), 3);

  const broken = flakyPool([new Error('syntax error')]);
  await t.throwsAsync(
    atomically(broken.pool, async () => 'never'),
    { message: 'syntax error' },
  );
  t.is(broken.calls(), 1);
});

test("inside a caller's transaction a deadlock is not retried", async (t) => {
  const { pool, calls } = flakyPool([deadlock()]);
  (pool as { isTransaction?: boolean }).isTransaction = true;
  await t.throwsAsync(
    atomically(pool, async () => 'never'),
    { message: /Deadlock/ },
  );
  t.is(calls(), 1);
});
