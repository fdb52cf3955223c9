/** Skill: a named ability agents hold at a level and queues can require. */

import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { Skill } from '../../domain/directory/entities.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';

/** The Skill node. */
export const SkillRef = builder.loadableNode('Skill', {
  description: 'A skill (language, product, expertise) used by skills-based routing.',
  id: { resolve: (s: Skill) => s.id },
  load: loadVisible<Skill>('Skill', (s) => s.skills),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Unique name, e.g. `french` or `billing`.' }),
    description: t.exposeString('description', { description: 'Free text for people.' }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (s) => s.createdAt,
    }),
  }),
});

builder.queryField('skills', (t) =>
  t.connection({
    type: SkillRef,
    description: 'Every skill, by name. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'config:read' },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) => ctx.services.skills.list(actorOf(ctx), page)),
  }),
);

const name = z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters');

const SkillInput = builder.inputType('SkillInput', {
  description: 'Fields of a skill.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique name.' }),
    description: t.string({ description: 'Free text for people.' }),
  }),
  validate: z.looseObject({ name: name }),
});

const SkillPatch = builder.inputType('SkillPatch', {
  description: 'Fields to change on a skill; omitted fields stay as they are.',
  fields: (t) => ({
    name: t.string({ description: 'New unique name.' }),
    description: t.string({ description: 'New description.' }),
  }),
  validate: z.looseObject({ name: name.optional().nullable() }),
});

builder.mutationFields((t) => ({
  createSkill: t.field({
    type: SkillRef,
    description: 'Creates a skill. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { input: t.arg({ type: SkillInput, required: true, description: 'The new record.' }) },
    resolve: (_root, { input }, ctx) => ctx.services.skills.create(actorOf(ctx), input),
  }),
  updateSkill: t.field({
    type: SkillRef,
    description: 'Changes a skill. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: SkillRef, required: true, description: 'The skill.' }),
      input: t.arg({ type: SkillPatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) => ctx.services.skills.update(actorOf(ctx), id.id, input),
  }),
  deleteSkill: t.field({
    type: 'ID',
    description:
      'Deletes a skill and removes it from agents and queues. Returns the deleted ID. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { id: t.arg.globalID({ for: SkillRef, required: true, description: 'The skill.' }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.skills.delete(actorOf(ctx), id.id);
      return encodeGlobalID('Skill', id.id);
    },
  }),
}));
