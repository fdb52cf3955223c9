/**
 * The ACD settings a queue takes in `createQueue` / `updateQueue`: omitted
 * fields keep their stored value. One zod schema (`acdSettingsRules`) checks
 * the whole input so every bad field is reported together, and
 * `acdSettingsPatchOf` turns the input into the domain's settings shape.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { AcdQueueSettingsInput } from '../../domain/acd/acd.types.ts';
import { builder } from '../builder.ts';
import { KINDS, type Kind, OverflowKindEnum } from './queue-acd-settings.ts';

const seconds = (max: number) => z.number().int('whole seconds').min(0).max(max);

/** An overflow target of the input: the field its kind needs must be there. */
const targetRules = z
  .looseObject({
    kind: z.enum(KINDS),
    number: z.string().max(32, 'at most 32 characters').nullish(),
    ringTimeoutS: z.number().int().min(5).max(300).nullish(),
    ivrFlow: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(64, 'at most 64 characters')
      .nullish(),
    cause: z.number().int().min(1).max(127).nullish(),
  })
  .superRefine((o: Record<string, unknown> & { kind: Kind }, ctx) => {
    const needed = { queue: 'queueId', external: 'number', voicemail: 'ivrFlow' } as const;
    const field = needed[o.kind as keyof typeof needed];
    if (field !== undefined && o[field] == null) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `required for ${o.kind.toUpperCase()}`,
      });
    }
  });

/**
 * The rules of the whole settings input, in one schema so that every bad
 * field is reported at once: QueueInput and QueuePatch validate with it
 * (per-type validators of nested inputs would stop at the first bad one).
 */
export const acdSettingsRules = z.looseObject({
  weight: z.number().int().min(0).max(100).nullish(),
  relaxation: z
    .array(
      z.looseObject({
        afterS: seconds(86_400),
        minLevelDelta: z.number().int().min(-9).max(0).nullish(),
        maxRequiredLevel: z.number().int().min(1).max(10).nullish(),
      }),
    )
    .max(10, 'at most 10 steps')
    .nullish(),
  overflow: z
    .looseObject({
      onMaxWait: targetRules.nullish(),
      onMaxLength: targetRules.nullish(),
      onNoAgents: targetRules.nullish(),
      maxHops: z.number().int().min(0).max(10).nullish(),
    })
    .nullish(),
  announcements: z
    .looseObject({ firstAfterS: seconds(3600).nullish(), everyS: seconds(3600).nullish() })
    .nullish(),
  autoPauseAfterMisses: z.number().int().min(0).max(20).nullish(),
  reofferAfterS: seconds(3600).nullish(),
  sticky: z
    .looseObject({ holdS: seconds(600).nullish(), memoryS: seconds(31_536_000).nullish() })
    .nullish(),
  vipHoldS: seconds(600).nullish(),
  wrapUp: z
    .looseObject({
      dispositions: z
        .array(z.string().trim().min(1, 'must not be empty').max(64, 'at most 64 characters'))
        .max(50, 'at most 50 codes')
        .nullish(),
    })
    .nullish(),
});

const OverflowTargetInput = builder.inputType('OverflowTargetInput', {
  description: 'An overflow destination: `kind` and the field that kind needs.',
  fields: (t) => ({
    kind: t.field({
      type: OverflowKindEnum,
      required: true,
      description: 'What kind of destination.',
    }),
    queueId: t.id({ description: 'QUEUE: the queue (global ID), of the same business line.' }),
    number: t.string({
      description: "EXTERNAL: the number, E.164 or national (read in the business line's country).",
    }),
    ringTimeoutS: t.int({
      description: 'EXTERNAL: seconds it rings, 5..300 (default 30).',
    }),
    ivrFlow: t.string({
      description: 'VOICEMAIL: key of the IVR flow that takes the message.',
    }),
    cause: t.int({
      description: 'HANGUP: Q.850 cause 1..127 (default 34).',
    }),
  }),
});

const RelaxationInput = builder.inputType('SkillRelaxationInput', {
  description: 'A skills relaxation step.',
  fields: (t) => ({
    afterS: t.int({
      required: true,
      description: 'Seconds of waiting, 0..86400.',
    }),
    minLevelDelta: t.int({
      description: 'Change of every required level, -9..0 (default 0).',
    }),
    maxRequiredLevel: t.int({
      description: 'Cap on required levels, 1..10; null for none.',
    }),
  }),
});

const OverflowInput = builder.inputType('QueueOverflowInput', {
  description: 'Overflow targets to change; omitted ones stay.',
  fields: (t) => ({
    onMaxWait: t.field({ type: OverflowTargetInput, description: "After the queue's maxWaitS." }),
    onMaxLength: t.field({ type: OverflowTargetInput, description: 'When the queue is full.' }),
    onNoAgents: t.field({
      type: OverflowTargetInput,
      description: 'When nobody is logged in; null to keep callers waiting.',
    }),
    maxHops: t.int({
      description: 'Queue-to-queue overflows per call, 0..10.',
    }),
  }),
});

const AnnouncementsInput = builder.inputType('QueueAnnouncementsInput', {
  description: 'Announcement settings to change; omitted ones stay.',
  fields: (t) => ({
    firstAfterS: t.int({
      description: 'First announcement after entry, 0..3600 (0 disables).',
    }),
    everyS: t.int({
      description: 'Then every N seconds, 0..3600 (0 once).',
    }),
    position: t.boolean({ description: "Say the caller's position." }),
    expectedWait: t.boolean({ description: 'Say the expected wait.' }),
  }),
});

const StickyInput = builder.inputType('StickyAgentInput', {
  description: 'Sticky agent settings to change; omitted ones stay.',
  fields: (t) => ({
    enabled: t.boolean({ description: 'Use the sticky agent.' }),
    holdS: t.int({
      description: 'Seconds held for the last agent, 0..600.',
    }),
    memoryS: t.int({
      description: 'How far back "served last" looks, 0..31536000.',
    }),
  }),
});

const WrapUpInput = builder.inputType('QueueWrapUpInput', {
  description: 'Wrap-up settings to change; omitted ones stay.',
  fields: (t) => ({
    dispositions: t.stringList({
      description:
        'The codes agents choose from, at most 50, unique (replaces the list); empty allows any code.',
    }),
    dispositionRequired: t.boolean({
      description: 'Refuse a wrap-up without a code.',
    }),
  }),
});

/** The settings input of QueueInput and QueuePatch. */
export const QueueAcdSettingsInput = builder.inputType('QueueAcdSettingsInput', {
  description: 'ACD settings to change; omitted fields keep their stored value.',
  fields: (t) => ({
    weight: t.int({
      description: 'Queue weight across queues, 0..100.',
    }),
    relaxation: t.field({
      type: [RelaxationInput],
      description: 'The new relaxation steps, at most 10 (replaces them all).',
    }),
    overflow: t.field({ type: OverflowInput, description: 'Overflow targets.' }),
    announcements: t.field({ type: AnnouncementsInput, description: 'Announcements.' }),
    autoPauseAfterMisses: t.int({
      description: 'Missed offers in a row before auto-pause, 0..20 (0 never).',
    }),
    reofferAfterS: t.int({
      description: 'Seconds before a missed call is offered to the same agent again, 0..3600.',
    }),
    sticky: t.field({ type: StickyInput, description: 'Sticky agent.' }),
    vipHoldS: t.int({
      description: 'Seconds a VIP call waits for its dedicated agents, 0..600.',
    }),
    wrapUp: t.field({ type: WrapUpInput, description: 'Disposition codes at wrap-up.' }),
  }),
});

/** What the input types carry once parsed (global IDs decoded by the relay plugin). */
export interface OverflowTargetArg {
  kind: Kind;
  queueId?: string | { id: string } | null;
  number?: string | null;
  ringTimeoutS?: number | null;
  ivrFlow?: string | null;
  cause?: number | null;
}

/** The queue id behind a global ID; anything that is not a Queue's global ID reads as not found. */
function idOf(v: OverflowTargetArg['queueId']): string {
  if (typeof v !== 'string') return v?.id ?? '';
  try {
    const decoded = decodeGlobalID(v);
    return decoded.typename === 'Queue' ? decoded.id : `not-a-queue:${v}`;
  } catch {
    return `not-a-queue:${v}`;
  }
}

function targetOf(o: OverflowTargetArg): unknown {
  switch (o.kind) {
    case 'queue':
      return { kind: 'queue', queueId: idOf(o.queueId) };
    case 'external':
      return {
        kind: 'external',
        number: o.number ?? '',
        ...(o.ringTimeoutS == null ? {} : { ringTimeoutS: o.ringTimeoutS }),
      };
    case 'voicemail':
      return { kind: 'voicemail', flowId: o.ivrFlow ?? '' };
    case 'callback':
      return { kind: 'callback' };
    default:
      return { kind: 'hangup', cause: o.cause ?? 34 };
  }
}

/** Drops omitted (undefined or null) fields, keeping the `keepNull` ones when given as null. */
function present(
  o: Record<string, unknown>,
  keepNull: readonly string[] = [],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([k, v]) => v !== undefined && (v !== null || keepNull.includes(k))),
  );
}

/** The parsed GraphQL input, in the domain's settings shape (a patch). */
export function acdSettingsPatchOf(input: Record<string, unknown>): AcdQueueSettingsInput {
  const overflow = input.overflow as Record<string, unknown> | null | undefined;
  const patch: Record<string, unknown> = present({
    weight: input.weight,
    relaxation: (input.relaxation as Record<string, unknown>[] | null | undefined)?.map((r) =>
      present(r),
    ),
    announcements:
      input.announcements == null
        ? undefined
        : present(input.announcements as Record<string, unknown>),
    autoPauseAfterMisses: input.autoPauseAfterMisses,
    reofferAfterS: input.reofferAfterS,
    sticky: input.sticky == null ? undefined : present(input.sticky as Record<string, unknown>),
    vip: input.vipHoldS == null ? undefined : { dedicatedHoldS: input.vipHoldS },
    wrapUp: input.wrapUp == null ? undefined : present(input.wrapUp as Record<string, unknown>),
  });
  if (overflow != null) {
    const o = present(overflow, ['onNoAgents']);
    const mapped: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(o)) {
      mapped[key] =
        key === 'maxHops' || value === null ? value : targetOf(value as OverflowTargetArg);
    }
    patch.overflow = mapped;
  }
  return patch as AcdQueueSettingsInput;
}
