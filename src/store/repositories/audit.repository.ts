/**
 * The audit log (`audit_log`). Append-only by design: this repository offers no
 * update and no delete, so no code path of callwright can rewrite history.
 * (Retention, if ever needed, is an operator's job on the database itself.)
 */
import type { AuditRepository } from '../../app/ports.ts';
import type { AuditEntry } from '../../domain/shared/audit.ts';
import { invalidField } from '../../domain/shared/errors.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { fromDbTime, toDbTime } from '../db-time.ts';
import { AuditEntryModel } from '../models/audit-entry.model.ts';
import { checkOptionalText, checkText, checkTime } from './input-checks.ts';
import { checkPage, paged } from './listing.ts';
import type { RepositoryDeps } from './repository-deps.ts';

type Row = Pick<
  AuditEntryModel,
  | 'id'
  | 'at'
  | 'actor_user_id'
  | 'actor_name'
  | 'action'
  | 'entity'
  | 'entity_id'
  | 'before_json'
  | 'after_json'
  | 'source'
>;

/** MySQL MEDIUMTEXT holds 16 MiB. */
const SNAPSHOT_BYTES = 16_777_215;

/** `undefined` (no snapshot) is stored as SQL NULL and read back as null. */
function toJson(field: string, value: unknown): string | null {
  if (value === undefined) return null;
  const json = JSON.stringify(value) ?? null;
  if (json !== null && Buffer.byteLength(json, 'utf8') > SNAPSHOT_BYTES) {
    throw invalidField(field, 'snapshot larger than 16 MiB');
  }
  return json;
}

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id,
    at: fromDbTime(row.at),
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json),
    source: row.source,
  };
}

function checkEntry(entry: Omit<AuditEntry, 'id'>): void {
  checkTime('at', entry.at);
  checkOptionalText('actorUserId', entry.actorUserId, 36);
  checkText('actorName', entry.actorName, 255, true);
  checkText('action', entry.action, 128);
  checkOptionalText('entity', entry.entity, 64);
  checkOptionalText('entityId', entry.entityId, 150);
  checkOptionalText('source', entry.source, 255);
}

/** The audit repository over `deps.db`. */
export function createAuditRepository({ db }: RepositoryDeps): AuditRepository {
  return {
    /** Stores the entry as given, `at` included (the caller's clock decided it). */
    async append(entry) {
      checkEntry(entry);
      const row: Row = {
        id: crypto.randomUUID(),
        at: toDbTime(entry.at),
        actor_user_id: entry.actorUserId,
        actor_name: entry.actorName,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entityId,
        before_json: toJson('before', entry.before),
        after_json: toJson('after', entry.after),
        source: entry.source,
      };
      await withConstraintErrors(db, {}, () => AuditEntryModel.query(db).insert(row));
      return toEntry(row);
    },

    /** Newest first: by time, then by insertion order. */
    async list(filter, page) {
      checkPage(page);
      const rows = await AuditEntryModel.query(db)
        .modify((qb) => {
          if (filter.actorUserId !== undefined) qb.where('actor_user_id', filter.actorUserId);
          if (filter.entity !== undefined) qb.where('entity', filter.entity);
          if (filter.entityId !== undefined) qb.where('entity_id', filter.entityId);
        })
        .orderBy('at', 'desc')
        .orderBy('seq', 'desc')
        .modify(paged(page));
      return rows.map(toEntry);
    },
  };
}
