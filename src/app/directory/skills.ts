/** Skills (ACD-1 skills-based routing): global names agents hold at levels. */
import type { Skill } from '../../domain/directory/entities.ts';
import { normaliseName } from '../../domain/directory/validation.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { type Actor, requirePermission } from '../actor.ts';
import type { PageRequest } from '../ports.ts';
import { auditedChange, type DirectoryDeps } from './deps.ts';

/** Creates the skill service. */
export function createSkillService(deps: DirectoryDeps) {
  const { store } = deps;
  return {
    async list(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'config:read');
      return store.skills.list(page);
    },
    /** Skills are not secret: anyone signed in may resolve the skills they are shown. */
    async load(_actor: Actor, ids: readonly string[]) {
      const rows = await store.skills.getMany(ids);
      return ids.map((id) => rows.find((s) => s.id === id));
    },
    async create(actor: Actor, input: { name: string; description?: string | null }) {
      requirePermission(actor, 'config:write');
      const clean = {
        name: normaliseName('name', input.name),
        description: input.description?.trim() ?? '',
      };
      return (await auditedChange<Skill>(deps, actor, 'skill.create', 'Skill', async (tx) => ({
        after: await tx.skills.create(clean),
      })))!;
    },
    async update(
      actor: Actor,
      id: string,
      patch: { name?: string | null; description?: string | null },
    ) {
      requirePermission(actor, 'config:write');
      return (await auditedChange<Skill>(deps, actor, 'skill.update', 'Skill', async (tx) => {
        const before = await tx.skills.get(id);
        if (!before) throw notFound('Skill', id);
        const clean = {
          ...(patch.name != null && { name: normaliseName('name', patch.name) }),
          ...(patch.description != null && { description: patch.description.trim() }),
        };
        return { before, after: await tx.skills.update(id, clean) };
      }))!;
    },
    async delete(actor: Actor, id: string) {
      requirePermission(actor, 'config:write');
      await auditedChange<Skill>(deps, actor, 'skill.delete', 'Skill', async (tx) => {
        const before = await tx.skills.get(id);
        if (!before) throw notFound('Skill', id);
        await tx.skills.delete(id);
        return { before, after: null };
      });
      return id;
    },
  };
}

/** The skill service's operations. */
export type SkillService = ReturnType<typeof createSkillService>;
