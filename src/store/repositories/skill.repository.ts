/** Skills (`skills`). */
import type { SkillRepository } from '../../app/ports.ts';
import type { Skill } from '../../domain/directory/entities.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { UNIQUE_KEYS } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { fromDbTime, toDbTime } from '../db-time.ts';
import { SkillModel } from '../models/skill.model.ts';
import { checkLongText, checkText } from './input-checks.ts';
import { checkPage, distinct, inRequestOrder, paged } from './listing.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

type Row = Pick<SkillModel, 'id' | 'name' | 'description' | 'created_at'>;

function toSkill(row: Row): Skill {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: fromDbTime(row.created_at),
  };
}

function checkFields(input: Partial<{ name: string; description: string }>): void {
  if (input.name !== undefined) checkText('name', input.name, 255);
  if (input.description !== undefined) checkLongText('description', input.description);
}

const nameRule = (name: string | undefined) => ({
  unique: name === undefined ? [] : [{ key: UNIQUE_KEYS.skillName, value: name }],
});

/** The skill repository over `deps.db`. */
export function createSkillRepository({ db, clock }: RepositoryDeps): SkillRepository {
  return {
    async get(id) {
      const row = await SkillModel.query(db).findById(id);
      return row ? toSkill(row) : undefined;
    },

    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await SkillModel.query(db).findByIds(distinct(ids));
      return inRequestOrder(ids, rows.map(toSkill));
    },

    async getByName(name) {
      const row = await SkillModel.query(db).findOne({ name });
      return row ? toSkill(row) : undefined;
    },

    async list(page) {
      checkPage(page);
      const rows = await SkillModel.query(db).orderBy('name').orderBy('id').modify(paged(page));
      return rows.map(toSkill);
    },

    async create(input) {
      checkFields(input);
      const row: Row = {
        id: crypto.randomUUID(),
        name: input.name,
        description: input.description,
        created_at: toDbTime(clock.now()),
      };
      await withConstraintErrors(db, nameRule(input.name), () => SkillModel.query(db).insert(row));
      return toSkill(row);
    },

    async update(id, patch) {
      checkFields(patch);
      const changes = {
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
      };
      return withConstraintErrors(db, nameRule(patch.name), () =>
        atomically(db, async (trx) => {
          const existing = await SkillModel.query(trx).findById(id);
          if (!existing) throw notFound('Skill', id);
          if (Object.keys(changes).length > 0) {
            await SkillModel.query(trx).patch(changes).where('id', id);
          }
          return toSkill({ ...existing, ...changes });
        }),
      );
    },

    /** Cascades: agents stop holding the skill and queues stop requiring it. */
    async delete(id) {
      const deleted = await SkillModel.query(db).deleteById(id);
      if (deleted === 0) throw notFound('Skill', id);
    },
  };
}
