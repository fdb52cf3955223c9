/** Queues (`queues`) with their required skills (`queue_skills`) and members. */
import type { Knex } from 'knex';
import type { QueueInput, QueueRepository } from '../../app/ports.ts';
import {
  QUEUE_STRATEGIES,
  type Queue,
  type QueueSkill,
  type QueueStrategy,
} from '../../domain/directory/entities.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { REFERENCED, UNIQUE_KEYS } from '../constraints.ts';
import { type ConstraintRules, withConstraintErrors } from '../db-errors.ts';
import { fromDbTime, toDbTime } from '../db-time.ts';
import { QueueModel } from '../models/queue.model.ts';
import { QueueSkillModel } from '../models/queue-skill.model.ts';
import { insertChildRows, replaceChildRows } from './child-rows.ts';
import {
  checkInt,
  checkNumber,
  checkOneOf,
  checkOptionalInt,
  checkText,
  checkUnique,
} from './input-checks.ts';
import { checkPage, distinct, inRequestOrder, paged, scoped, selectsNothing } from './listing.ts';
import { createMembershipOperations } from './queue-membership.repository.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

function toQueue(row: QueueModel): Queue {
  return {
    id: row.id,
    businessLineId: row.business_line_id,
    name: row.name,
    strategy: row.strategy as QueueStrategy,
    ringTimeoutS: row.ring_timeout_s,
    maxWaitS: row.max_wait_s,
    maxLength: row.max_length,
    wrapUpS: row.wrap_up_s,
    serviceLevelS: row.service_level_s,
    serviceLevelTarget: row.service_level_target,
    requiredSkills: (row.requiredSkills ?? []).map((s) => ({
      skillId: s.skill_id,
      minLevel: s.min_level,
    })),
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}

function checkFields(input: Partial<QueueInput>): void {
  if (input.name !== undefined) checkText('name', input.name, 255);
  if (input.strategy !== undefined) checkOneOf('strategy', input.strategy, QUEUE_STRATEGIES);
  if (input.ringTimeoutS !== undefined) checkInt('ringTimeoutS', input.ringTimeoutS, 1);
  if (input.maxWaitS !== undefined) checkOptionalInt('maxWaitS', input.maxWaitS, 0);
  if (input.maxLength !== undefined) checkOptionalInt('maxLength', input.maxLength, 0);
  if (input.wrapUpS !== undefined) checkInt('wrapUpS', input.wrapUpS, 0);
  if (input.serviceLevelS !== undefined) checkInt('serviceLevelS', input.serviceLevelS, 0);
  if (input.serviceLevelTarget !== undefined) {
    checkNumber('serviceLevelTarget', input.serviceLevelTarget, 0, 1);
  }
  if (input.requiredSkills !== undefined) {
    for (const s of input.requiredSkills) checkInt('requiredSkills.minLevel', s.minLevel, 1, 10);
    checkUnique(
      'requiredSkills',
      input.requiredSkills.map((s) => s.skillId),
    );
  }
}

/** Which name collides: a queue name is unique within its business line. */
function rulesFor(input: Partial<QueueInput>): ConstraintRules {
  return {
    // Moving a queue to another business line can collide with a queue there, too.
    unique:
      input.name === undefined && input.businessLineId === undefined
        ? []
        : [{ key: UNIQUE_KEYS.queueName, value: input.name ?? '(its current name)' }],
    references: [
      { field: 'businessLineId', target: REFERENCED.businessLine, ids: [input.businessLineId] },
      {
        field: 'requiredSkills',
        target: REFERENCED.skill,
        ids: (input.requiredSkills ?? []).map((s) => s.skillId),
      },
    ],
  };
}

const COLUMNS: ReadonlyArray<[keyof QueueInput, string]> = [
  ['businessLineId', 'business_line_id'],
  ['name', 'name'],
  ['strategy', 'strategy'],
  ['ringTimeoutS', 'ring_timeout_s'],
  ['maxWaitS', 'max_wait_s'],
  ['maxLength', 'max_length'],
  ['wrapUpS', 'wrap_up_s'],
  ['serviceLevelS', 'service_level_s'],
  ['serviceLevelTarget', 'service_level_target'],
];

function columnsOf(input: Partial<QueueInput>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, column] of COLUMNS) {
    if (input[field] !== undefined) row[column] = input[field];
  }
  return row;
}

/** Queues with their required skills: one query for the queues, one for all the skills. */
function withSkills(db: Knex) {
  return QueueModel.query(db)
    .withGraphFetched('requiredSkills')
    .modifyGraph('requiredSkills', (qb) => qb.orderBy('skill_id'));
}

/** A queue's required-skill rows. */
const skillRows = (queueId: string, skills: readonly QueueSkill[]) =>
  skills.map((s) => ({ queue_id: queueId, skill_id: s.skillId, min_level: s.minLevel }));

/** The queue repository over `deps.db`. */
export function createQueueRepository(deps: RepositoryDeps): QueueRepository {
  const { db, clock } = deps;
  const load = async (executor: Knex, id: string) => {
    const row = await withSkills(executor).findById(id);
    return row ? toQueue(row) : undefined;
  };

  return {
    ...createMembershipOperations(deps),
    get: (id) => load(db, id),

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await withSkills(db).findByIds(distinct(ids));
      return inRequestOrder(ids, rows.map(toQueue));
    },

    async getByName(businessLineId, name) {
      const row = await withSkills(db).findOne({ business_line_id: businessLineId, name });
      return row ? toQueue(row) : undefined;
    },

    async list(filter, page) {
      checkPage(page);
      if (selectsNothing(filter)) return [];
      const rows = await withSkills(db)
        .modify(scoped('business_line_id', filter))
        .orderBy('name')
        .orderBy('id')
        .modify(paged(page));
      return rows.map(toQueue);
    },

    async create(input) {
      checkFields(input);
      const now = toDbTime(clock.now());
      const id = crypto.randomUUID();
      await withConstraintErrors(db, rulesFor(input), () =>
        atomically(db, async (trx) => {
          const row = { id, ...columnsOf(input), created_at: now, updated_at: now };
          await trx(QueueModel.tableName).insert(row);
          await insertChildRows(
            trx,
            QueueSkillModel.tableName,
            skillRows(id, input.requiredSkills),
          );
        }),
      );
      return (await load(db, id))!;
    },

    async update(id, patch) {
      checkFields(patch);
      const changes = { ...columnsOf(patch), updated_at: toDbTime(clock.now()) };
      return withConstraintErrors(db, rulesFor(patch), () =>
        atomically(db, async (trx) => {
          const patched = await trx(QueueModel.tableName).update(changes).where('id', id);
          if (patched === 0) throw notFound('Queue', id);
          if (patch.requiredSkills) {
            const rows = skillRows(id, patch.requiredSkills);
            await replaceChildRows(trx, QueueSkillModel.tableName, 'queue_id', id, rows);
          }
          return (await load(trx, id))!;
        }),
      );
    },

    /** Cascades to its required skills and memberships; call records keep the queue id. */
    async delete(id) {
      const deleted = await QueueModel.query(db).deleteById(id);
      if (deleted === 0) throw notFound('Queue', id);
    },
  };
}
