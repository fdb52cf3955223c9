import test from 'ava';
import type { AuditEntry } from '../../src/domain/shared/audit.ts';
import { testDatabases, unique } from '../helpers/databases.ts';
import { rejectsWith } from './seed.ts';

const page = { offset: 0, limit: 100 };
const T0 = Date.UTC(2025, 11, 31, 23, 59, 59, 998);

function entry(patch: Partial<AuditEntry> = {}): Omit<AuditEntry, 'id'> {
  return {
    at: T0,
    actorUserId: crypto.randomUUID(),
    actorName: 'admin',
    action: 'queue.update',
    entity: 'Queue',
    entityId: crypto.randomUUID(),
    before: { name: 'Sales', ringTimeoutS: 20 },
    after: { name: 'Sales FR', ringTimeoutS: 15, tags: ['a', 'ü'], nested: { ok: true } },
    source: '192.0.2.10',
    ...patch,
  };
}

for (const db of testDatabases()) {
  test(`[${db.name}] appends entries and reads their snapshots back`, async (t) => {
    const store = await db.store();
    const input = entry();
    const stored = await store.audit.append(input);
    t.deepEqual(stored, { id: stored.id, ...input });
    const listed = await store.audit.list({ entityId: input.entityId! }, page);
    t.deepEqual(listed, [stored]);

    const login = await store.audit.append(
      entry({ action: 'auth.login', entity: null, entityId: null, before: undefined, after: null }),
    );
    t.is(login.before, null, 'no snapshot reads back as null');
    t.is(login.after, null);
  });

  test(`[${db.name}] lists entries newest first, filtered`, async (t) => {
    const store = await db.store();
    const actor = crypto.randomUUID();
    const entityId = unique('q');
    const e1 = await store.audit.append(entry({ actorUserId: actor, entityId, at: T0 }));
    const e2 = await store.audit.append(entry({ actorUserId: actor, entityId, at: T0 + 2 }));
    const e3 = await store.audit.append(
      entry({ actorUserId: actor, entity: 'Agent', entityId: unique('a'), at: T0 + 1 }),
    );
    const ids = async (filter: Parameters<typeof store.audit.list>[0], offset = 0, limit = 10) =>
      (await store.audit.list(filter, { offset, limit })).map((e) => e.id);

    t.deepEqual(await ids({ actorUserId: actor }), [e2.id, e3.id, e1.id]);
    t.deepEqual(await ids({ actorUserId: actor }, 1, 1), [e3.id]);
    t.deepEqual(await ids({ entity: 'Queue', entityId }), [e2.id, e1.id]);
    t.deepEqual(await ids({ actorUserId: actor, entity: 'Agent' }), [e3.id]);
    t.deepEqual(await ids({ actorUserId: crypto.randomUUID() }), []);
  });

  test(`[${db.name}] entries of the same millisecond list in reverse insertion order`, async (t) => {
    const store = await db.store();
    const entityId = unique('same-ms');
    const appended = [];
    for (const action of ['agent.create', 'agent.update', 'agent.delete', 'agent.restore']) {
      appended.push(await store.audit.append(entry({ action, entityId, at: T0 })));
    }
    const listed = await store.audit.list({ entityId }, page);
    t.deepEqual(
      listed.map((e) => e.action),
      ['agent.restore', 'agent.delete', 'agent.update', 'agent.create'],
    );
  });

  test(`[${db.name}] the audit repository cannot change history`, async (t) => {
    const store = await db.store();
    t.deepEqual(Object.keys(store.audit).sort(), ['append', 'list']);
    await rejectsWith(t, store.audit.append(entry({ action: '' })), 'VALIDATION_FAILED');
    await rejectsWith(t, store.audit.append(entry({ at: Number.NaN })), 'VALIDATION_FAILED');
  });
}
