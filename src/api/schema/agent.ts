/** Agent: a person who takes calls on a SIP phone or an external number. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { Agent, AgentSkill } from '../../domain/directory/entities.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';
import { SkillRef } from './skill.ts';

const AgentReachEnum = builder.enumType('AgentReach', {
  description: 'How an agent is reached (ACD-10).',
  values: {
    SIP: { value: 'sip', description: 'A SIP phone registered on Asterisk, e.g. PJSIP/1001.' },
    EXTERNAL: { value: 'external', description: 'An external number (mobile, branch office).' },
  } as const,
});

const AgentSkillRef = builder.objectRef<AgentSkill>('AgentSkill').implement({
  description: 'A skill an agent holds, with its level.',
  fields: (t) => ({
    skill: t.field({ type: SkillRef, description: 'The skill.', resolve: (s) => s.skillId }),
    level: t.exposeInt('level', { description: 'Level from 1 (basic) to 10 (expert).' }),
  }),
});

/** The Agent node. */
export const AgentRef = builder.loadableNode('Agent', {
  description:
    'A person who takes calls. Agents see only their own record; supervisors the agents of their business lines.',
  id: { resolve: (a: Agent) => a.id },
  load: loadVisible<Agent>('Agent', (s) => s.agents),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name.' }),
    extension: t.exposeString('extension', {
      description: 'Internal extension, unique per install.',
    }),
    reach: t.field({
      type: AgentReachEnum,
      description: 'SIP phone or external number.',
      resolve: (a) => a.reach,
    }),
    endpoint: t.exposeString('endpoint', {
      description: 'Asterisk dial string (PJSIP/1001) or E.164 number for external agents.',
    }),
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'The business line the agent works for.',
      resolve: (a) => a.businessLineId,
    }),
    skills: t.field({
      type: [AgentSkillRef],
      description: 'Skills with levels.',
      resolve: (a) => a.skills,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (a) => a.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (a) => a.updatedAt,
    }),
  }),
});

builder.queryField('agents', (t) =>
  t.connection({
    type: AgentRef,
    description: "Agents of the caller's business lines, by name. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) => ctx.services.agents.list(actorOf(ctx), page)),
  }),
);

/** The AgentSkillInput input (also taken by `setAgentSkills`). */
export const AgentSkillInput = builder.inputType('AgentSkillInput', {
  description: 'A skill and the level the agent holds it at.',
  fields: (t) => ({
    skillId: t.globalID({ for: SkillRef, required: true, description: 'The skill.' }),
    level: t.int({
      required: true,
      description: 'Level from 1 to 10.',
    }),
  }),
  validate: z.looseObject({ level: z.number().int().min(1).max(10) }),
});

const name = z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters');
const extension = z
  .string()
  .trim()
  .regex(/^\d{2,10}$/, 'must be 2 to 10 digits');

const AgentInput = builder.inputType('AgentInput', {
  description: 'Fields of an agent.',
  fields: (t) => ({
    businessLineId: t.globalID({
      for: BusinessLineRef,
      required: true,
      description: 'Business line.',
    }),
    name: t.string({ required: true, description: 'Display name.' }),
    extension: t.string({
      required: true,
      description: 'Internal extension (digits).',
    }),
    reach: t.field({ type: AgentReachEnum, description: 'SIP (default) or EXTERNAL.' }),
    endpoint: t.string({
      description: 'Dial string; defaults to PJSIP/<extension>. For EXTERNAL, the phone number.',
    }),
    skills: t.field({ type: [AgentSkillInput], description: 'Skills with levels.' }),
  }),
  validate: z.looseObject({ name: name, extension: extension }),
});

const AgentPatch = builder.inputType('AgentPatch', {
  description:
    'Fields to change; omitted fields stay as they are. `skills` replaces the whole set.',
  fields: (t) => ({
    businessLineId: t.globalID({
      for: BusinessLineRef,
      description: 'Move to another business line.',
    }),
    name: t.string({ description: 'Display name.' }),
    extension: t.string({
      description: 'Internal extension.',
    }),
    reach: t.field({ type: AgentReachEnum, description: 'SIP or EXTERNAL.' }),
    endpoint: t.string({ description: 'Dial string or phone number.' }),
    skills: t.field({ type: [AgentSkillInput], description: 'The new set of skills.' }),
  }),
  validate: z.looseObject({
    name: name.optional().nullable(),
    extension: extension.optional().nullable(),
  }),
});

type SkillArg = { skillId: { id: string }; level: number };
const skillsOf = (list: readonly SkillArg[] | null | undefined) =>
  list?.map((s) => ({ skillId: s.skillId.id, level: s.level }));

builder.mutationFields((t) => ({
  createAgent: t.field({
    type: AgentRef,
    description: 'Creates an agent. Roles: admin, supervisor (own business lines).',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { input: t.arg({ type: AgentInput, required: true, description: 'The new record.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.agents.create(actorOf(ctx), {
        businessLineId: input.businessLineId.id,
        name: input.name,
        extension: input.extension,
        reach: input.reach ?? 'sip',
        endpoint: input.endpoint,
        skills: skillsOf(input.skills) ?? [],
      }),
  }),
  updateAgent: t.field({
    type: AgentRef,
    description: 'Changes an agent. Roles: admin, supervisor (own business lines).',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: AgentRef, required: true, description: 'The agent.' }),
      input: t.arg({ type: AgentPatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.agents.update(actorOf(ctx), id.id, {
        businessLineId: input.businessLineId?.id,
        name: input.name ?? undefined,
        extension: input.extension ?? undefined,
        reach: input.reach ?? undefined,
        endpoint: input.endpoint ?? undefined,
        skills: skillsOf(input.skills),
      }),
  }),
  deleteAgent: t.field({
    type: 'ID',
    description: 'Deletes an agent. Returns the deleted ID. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { id: t.arg.globalID({ for: AgentRef, required: true, description: 'The agent.' }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.agents.delete(actorOf(ctx), id.id);
      return encodeGlobalID('Agent', id.id);
    },
  }),
}));
