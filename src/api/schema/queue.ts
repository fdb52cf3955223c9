/** Queue: an inbound ACD queue and its members. */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import {
  QUEUE_STRATEGIES,
  type Queue,
  type QueueMembership,
  type QueueSkill,
} from '../../domain/directory/entities.ts';
import { type BuilderTypes, builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef } from './agent.ts';
import { BusinessLineRef } from './business-line.ts';
import { loadVisible } from './loading.ts';
import { pageOf } from './pagination.ts';
import { RESULT } from './problem.ts';
import { QueueAcdSettingsRef } from './queue-acd-settings.ts';
import {
  acdSettingsPatchOf,
  acdSettingsRules,
  QueueAcdSettingsInput,
} from './queue-acd-settings-input.ts';
import { SkillRef } from './skill.ts';

const STRATEGY_HELP: Record<(typeof QUEUE_STRATEGIES)[number], string> = {
  'longest-idle': 'The agent idle the longest.',
  'fewest-calls': 'The agent who took the fewest calls today.',
  'round-robin': 'Each agent in turn, remembering where it stopped.',
  random: 'A random free agent.',
  linear: 'Agents in membership order (lowest penalty first).',
  'ring-all': 'Every free agent at once; the first to answer wins.',
  'skills-based': 'The free agent with the best level in the required skills.',
};

const QueueStrategyEnum = builder.enumType('QueueStrategy', {
  description: 'How a queue picks among free agents (ACD-1).',
  values: Object.fromEntries(
    QUEUE_STRATEGIES.map((s) => [
      s.toUpperCase().replaceAll('-', '_'),
      { value: s, description: STRATEGY_HELP[s] },
    ]),
  ) as Record<string, { value: (typeof QUEUE_STRATEGIES)[number]; description: string }>,
});

const QueueSkillRef = builder.objectRef<QueueSkill>('QueueSkill').implement({
  description: "A skill the queue's calls require, with the minimum level.",
  fields: (t) => ({
    skill: t.field({ type: SkillRef, description: 'The skill.', resolve: (s) => s.skillId }),
    minLevel: t.exposeInt('minLevel', { description: 'Minimum level from 1 to 10.' }),
  }),
});

/** The QueueMembership object (also returned by `setAgentQueues`). */
export const MembershipRef = builder.objectRef<QueueMembership>('QueueMembership');

/** The Queue node. */
export const QueueRef = builder.loadableNode('Queue', {
  description: 'An inbound queue owned by callwright (Asterisk app_queue is not used).',
  id: { resolve: (q: Queue) => q.id },
  load: loadVisible<Queue>('Queue', (s) => s.queues),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name, unique within its business line.' }),
    businessLine: t.field({
      type: BusinessLineRef,
      description: 'Owner.',
      resolve: (q) => q.businessLineId,
    }),
    strategy: t.field({
      type: QueueStrategyEnum,
      description: 'Distribution strategy.',
      resolve: (q) => q.strategy,
    }),
    ringTimeoutS: t.exposeInt('ringTimeoutS', {
      description: 'Seconds an offer rings before the next agent.',
    }),
    maxWaitS: t.exposeInt('maxWaitS', {
      nullable: true,
      description: 'Seconds before overflow; null: no limit.',
    }),
    maxLength: t.exposeInt('maxLength', {
      nullable: true,
      description: 'Callers allowed to wait; null: no limit.',
    }),
    wrapUpS: t.exposeInt('wrapUpS', { description: 'After-call work seconds.' }),
    serviceLevelS: t.exposeInt('serviceLevelS', {
      description: 'Service-level threshold in seconds.',
    }),
    serviceLevelTarget: t.exposeFloat('serviceLevelTarget', {
      description: 'Target share answered within the threshold (0..1).',
    }),
    requiredSkills: t.field({
      type: [QueueSkillRef],
      description: 'Skills calls require.',
      resolve: (q) => q.requiredSkills,
    }),
    acdSettings: t.loadable({
      type: QueueAcdSettingsRef,
      description:
        "How the ACD routes this queue's calls: overflow, relaxation, announcements, sticky agent...",
      load: (ids: string[], ctx) => ctx.services.queues.acdSettings(ids),
      resolve: (q) => q.id,
    }),
    members: t.loadableList({
      type: MembershipRef,
      description: 'Agents in this queue.',
      load: async (ids: string[], ctx) => {
        const rows = await ctx.services.queues.membersOf(ids);
        return ids.map((id) => rows.filter((m) => m.queueId === id));
      },
      resolve: (q) => q.id,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When it was created.',
      resolve: (q) => q.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (q) => q.updatedAt,
    }),
  }),
});

MembershipRef.implement({
  description: "An agent's place in a queue.",
  fields: (t) => ({
    agent: t.field({ type: AgentRef, description: 'The agent.', resolve: (m) => m.agentId }),
    queue: t.field({ type: QueueRef, description: 'The queue.', resolve: (m) => m.queueId }),
    penalty: t.exposeInt('penalty', {
      description: 'Lower is tried first by the linear strategy.',
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the agent joined.',
      resolve: (m) => m.createdAt,
    }),
  }),
});

builder.queryField('queues', (t) =>
  t.connection({
    type: QueueRef,
    description: "Queues of the caller's business lines, by name. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    resolve: (_root, args, ctx) =>
      pageOf(args, (page) => ctx.services.queues.list(actorOf(ctx), page)),
  }),
);

const QueueSkillInput = builder.inputType('QueueSkillInput', {
  description: 'A required skill and its minimum level.',
  fields: (t) => ({
    skillId: t.globalID({ for: SkillRef, required: true, description: 'The skill.' }),
    minLevel: t.int({
      required: true,
      description: 'Minimum level 1..10.',
    }),
  }),
  validate: z.looseObject({ minLevel: z.number().int().min(1).max(10) }),
});

const name = z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters');
const seconds = (max: number) => z.number().int('whole seconds').min(0).max(max);

/** Rules for the settings both QueueInput and QueuePatch carry. */
const settingRules = {
  ringTimeoutS: seconds(600).min(1).nullish(),
  maxWaitS: seconds(86_400).min(1).nullish(),
  maxLength: seconds(100_000).min(1).nullish(),
  wrapUpS: seconds(3600).nullish(),
  serviceLevelS: seconds(3600).min(1).nullish(),
  serviceLevelTarget: z.number().min(0).max(1).nullish(),
};

/** The settings fields both QueueInput and QueuePatch carry. */
function settingFields(t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, 'InputObject'>) {
  return {
    strategy: t.field({
      type: QueueStrategyEnum,
      description: 'Distribution strategy (default LONGEST_IDLE).',
    }),
    ringTimeoutS: t.int({ description: 'Ring time per offer, 1..600 s (default 15).' }),
    maxWaitS: t.int({ description: 'Seconds before overflow, 1..86400; null for no limit.' }),
    maxLength: t.int({ description: 'Callers allowed to wait, 1..100000; null for no limit.' }),
    wrapUpS: t.int({ description: 'After-call work, 0..3600 s (default 10).' }),
    serviceLevelS: t.int({ description: 'Service-level threshold, 1..3600 s (default 20).' }),
    serviceLevelTarget: t.float({
      description: 'Target share answered within the threshold, 0..1 (default 0.8).',
    }),
  };
}

const QueueInput = builder.inputType('QueueInput', {
  description: 'Fields of a queue. Omitted settings take their defaults.',
  fields: (t) => ({
    businessLineId: t.globalID({ for: BusinessLineRef, required: true, description: 'Owner.' }),
    name: t.string({ required: true, description: 'Name, unique within the business line.' }),
    ...settingFields(t),
    requiredSkills: t.field({ type: [QueueSkillInput], description: 'Skills calls require.' }),
    acdSettings: t.field({
      type: QueueAcdSettingsInput,
      description: 'ACD settings; omitted ones take their defaults.',
    }),
  }),
  validate: z.looseObject({ name, ...settingRules, acdSettings: acdSettingsRules.nullish() }),
});

const QueuePatch = builder.inputType('QueuePatch', {
  description:
    'Fields to change; omitted fields stay. Set maxWaitS/maxLength to null to remove the limit.',
  fields: (t) => ({
    name: t.string({ description: 'New name.' }),
    ...settingFields(t),
    requiredSkills: t.field({
      type: [QueueSkillInput],
      description: 'The new set of required skills.',
    }),
    acdSettings: t.field({
      type: QueueAcdSettingsInput,
      description: 'ACD settings to change; omitted ones stay.',
    }),
  }),
  validate: z.looseObject({
    name: name.nullish(),
    ...settingRules,
    acdSettings: acdSettingsRules.nullish(),
  }),
});

type SkillArg = { skillId: { id: string }; minLevel: number };
const skillsOf = (list: readonly SkillArg[] | null | undefined) =>
  list?.map((s) => ({ skillId: s.skillId.id, minLevel: s.minLevel }));

/** Keeps explicit nulls (remove a limit) but drops omitted fields. */
function patchOf(input: Record<string, unknown>, nullable: readonly string[]) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined || (v === null && !nullable.includes(k))) continue;
    out[k] = v;
  }
  return out;
}

builder.mutationFields((t) => ({
  createQueue: t.field({
    type: QueueRef,
    description: 'Creates a queue. Roles: admin, supervisor (own business lines).',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { input: t.arg({ type: QueueInput, required: true, description: 'The new record.' }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.queues.create(actorOf(ctx), {
        ...patchOf(input, []),
        businessLineId: input.businessLineId.id,
        name: input.name,
        requiredSkills: skillsOf(input.requiredSkills) ?? [],
        acdSettings: input.acdSettings == null ? undefined : acdSettingsPatchOf(input.acdSettings),
      }),
  }),
  updateQueue: t.field({
    type: QueueRef,
    description: 'Changes a queue. Roles: admin, supervisor (own business lines).',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg.globalID({ for: QueueRef, required: true, description: 'The queue.' }),
      input: t.arg({ type: QueuePatch, required: true, description: 'The changes.' }),
    },
    resolve: (_root, { id, input }, ctx) =>
      ctx.services.queues.update(actorOf(ctx), id.id, {
        ...patchOf(input, ['maxWaitS', 'maxLength']),
        requiredSkills: skillsOf(input.requiredSkills),
        acdSettings: input.acdSettings == null ? undefined : acdSettingsPatchOf(input.acdSettings),
      }),
  }),
  deleteQueue: t.field({
    type: 'ID',
    description:
      'Deletes a queue and its memberships. Returns the deleted ID. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { id: t.arg.globalID({ for: QueueRef, required: true, description: 'The queue.' }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.services.queues.delete(actorOf(ctx), id.id);
      return encodeGlobalID('Queue', id.id);
    },
  }),
  addQueueMember: t.field({
    type: MembershipRef,
    description: 'Puts an agent in a queue (same business line only). Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      queueId: t.arg.globalID({ for: QueueRef, required: true, description: 'The queue.' }),
      agentId: t.arg.globalID({ for: AgentRef, required: true, description: 'The agent.' }),
      penalty: t.arg.int({ description: 'Order for the linear strategy, 0..100 (default 0).' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.queues.addMember(
        actorOf(ctx),
        args.queueId.id,
        args.agentId.id,
        args.penalty ?? 0,
      ),
  }),
  removeQueueMember: t.field({
    type: 'Boolean',
    description:
      'Takes an agent out of a queue; false when it was not a member. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      queueId: t.arg.globalID({ for: QueueRef, required: true, description: 'The queue.' }),
      agentId: t.arg.globalID({ for: AgentRef, required: true, description: 'The agent.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.queues.removeMember(actorOf(ctx), args.queueId.id, args.agentId.id),
  }),
}));
