/** Business lines (ACD-11): tenants of one install. Admins create them. */
import type { BusinessLine } from '../../domain/directory/entities.ts';
import {
  normaliseCountry,
  normaliseName,
  normaliseTimezone,
} from '../../domain/directory/validation.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { type Actor, requirePermission, scopeOf, seesLine } from '../actor.ts';
import type { PageRequest } from '../ports.ts';
import { auditedChange, type DirectoryDeps } from './deps.ts';

/** Input of createBusinessLine / updateBusinessLine. */
export interface BusinessLineInput {
  name: string;
  timezone: string;
  defaultCountry: string;
}

/** Creates the business-line service. */
export function createBusinessLineService(deps: DirectoryDeps) {
  const { store } = deps;
  return {
    list: (actor: Actor, page: PageRequest) => store.businessLines.list(scopeOf(actor), page),
    /** Loads lines the actor may see; others come back undefined. */
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await store.businessLines.getMany(ids);
      return ids.map((id) => rows.find((r) => r.id === id && seesLine(actor, r.id)));
    },
    async create(actor: Actor, input: BusinessLineInput) {
      requirePermission(actor, 'business-lines:write');
      const clean = {
        name: normaliseName('name', input.name),
        timezone: normaliseTimezone(input.timezone),
        defaultCountry: normaliseCountry(input.defaultCountry),
      };
      return (await auditedChange<BusinessLine>(
        deps,
        actor,
        'businessLine.create',
        'BusinessLine',
        async (tx) => ({
          after: await tx.businessLines.create(clean),
        }),
      ))!;
    },
    async update(actor: Actor, id: string, patch: Partial<BusinessLineInput>) {
      requirePermission(actor, 'business-lines:write');
      const clean = {
        ...(patch.name !== undefined && { name: normaliseName('name', patch.name) }),
        ...(patch.timezone !== undefined && { timezone: normaliseTimezone(patch.timezone) }),
        ...(patch.defaultCountry !== undefined && {
          defaultCountry: normaliseCountry(patch.defaultCountry),
        }),
      };
      return (await auditedChange<BusinessLine>(
        deps,
        actor,
        'businessLine.update',
        'BusinessLine',
        async (tx) => {
          const before = await tx.businessLines.get(id);
          if (!before) throw notFound('BusinessLine', id);
          return { before, after: await tx.businessLines.update(id, clean) };
        },
      ))!;
    },
  };
}

/** The business-line service's operations. */
export type BusinessLineService = ReturnType<typeof createBusinessLineService>;
