/** AuditEntry: the append-only log of every change and login (SEC-2). */
import type { AuditEntry } from '../../domain/shared/audit.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { pageOf } from './pagination.ts';

const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
  description: 'One audited action. Entries are never edited or deleted.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Entry id.' }),
    at: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (e) => e.at }),
    actorName: t.exposeString('actorName', {
      description: 'User name of who did it (`system` for start-up tasks).',
    }),
    actorUserId: t.exposeString('actorUserId', {
      nullable: true,
      description: 'Database id of the user.',
    }),
    action: t.exposeString('action', {
      description: 'What was done, e.g. queue.update, auth.login.',
    }),
    entity: t.exposeString('entity', {
      nullable: true,
      description: 'Kind of record changed, e.g. Queue.',
    }),
    entityId: t.exposeString('entityId', {
      nullable: true,
      description: 'Database id of the record.',
    }),
    before: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The record before the change.',
      resolve: (e) => e.before,
    }),
    after: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The record after the change.',
      resolve: (e) => e.after,
    }),
    source: t.exposeString('source', { nullable: true, description: 'Client address.' }),
  }),
});

builder.queryField('auditLog', (t) =>
  t.connection({
    type: AuditEntryRef,
    description: 'The audit log, newest first. Role: admin.',
    authScopes: { permission: 'audit:read' },
    args: {
      entity: t.arg.string({ description: 'Only this kind of record, e.g. Queue.' }),
      entityId: t.arg.string({ description: 'Only this record (database id).' }),
      actorUserId: t.arg.string({ description: 'Only what this user did (database id).' }),
    },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) =>
        ctx.services.audit.list(
          actorOf(ctx),
          {
            entity: args.entity ?? undefined,
            entityId: args.entityId ?? undefined,
            actorUserId: args.actorUserId ?? undefined,
          },
          page,
        ),
      ),
  }),
);
