/**
 * Vocabulary shared by every part of the ACD: priority classes, skill
 * requirements, the queue settings the ACD needs beyond the stored `Queue`
 * (kept as data with defaults so a migration can store them as JSON), the
 * typed error and step results, and the timer commands every reducer emits.
 */

import { z } from 'zod';
import type { Queue } from '../directory/entities.ts';
import { wrapUpSettingsSchema } from './disposition.ts';

/**
 * Caller priority classes in dispatch order (ACD-2): VIP/whitelisted first,
 * transferred calls next, then everyone else; callback tasks (ACD-9) come
 * last because a caller on hold is paying for the wait and a callback is not.
 */
export const PRIORITY_CLASSES = ['vip', 'transferred', 'normal', 'callback'] as const;

/** One priority class. */
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

/** Rank of a class: lower is served first; also the index of its lane in a queue. */
export const PRIORITY_RANK: Readonly<Record<PriorityClass, number>> = {
  vip: 0,
  transferred: 1,
  normal: 2,
  callback: 3,
};

/** A skill a call needs, with the minimum level (1..10) an agent must hold. */
export interface SkillRequirement {
  readonly skillId: string;
  readonly minLevel: number;
}

const e164 = z.string().regex(/^\+[1-9]\d{3,14}$/, 'an E.164 number such as +33612345678');
const seconds = z.number().int().min(0);

/**
 * Where a call goes when the queue cannot serve it (ACD-5). `external`
 * rings a number (mobile follow-me) through the outbound trunk for
 * `ringTimeoutS` and bridges the caller with whoever answers; `voicemail`
 * hands the caller to an IVR flow (the flow records the message, IVR-4).
 */
export const overflowTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('queue'), queueId: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('external'),
    number: e164,
    ringTimeoutS: z.number().int().min(5).max(300).default(30),
  }),
  z.strictObject({ kind: z.literal('voicemail'), flowId: z.string().min(1).max(64) }),
  z.strictObject({ kind: z.literal('callback') }),
  // Q.850 cause sent with the hangup: 17 user busy tells a trunk the queue is full.
  z.strictObject({ kind: z.literal('hangup'), cause: z.number().int().min(1).max(127) }),
]);

/** An overflow destination. */
export type OverflowTarget = z.output<typeof overflowTargetSchema>;

/**
 * Skills relaxation over wait time: from `afterS` seconds of waiting, every
 * required level moves by `minLevelDelta` and is capped at `maxRequiredLevel`
 * ("after 60 s accept level >= 2" is `{ afterS: 60, maxRequiredLevel: 2 }`).
 * Levels never drop below 1: a relaxed call still needs the skill itself.
 */
export const relaxationRuleSchema = z.strictObject({
  afterS: seconds,
  minLevelDelta: z.number().int().min(-9).max(0).default(0),
  maxRequiredLevel: z.number().int().min(1).max(10).nullable().default(null),
});

/** One relaxation step. */
export type RelaxationRule = z.output<typeof relaxationRuleSchema>;

const overflowSchema = z.strictObject({
  /** Caller waited `maxWaitS`; Q.850 19 (no answer) when nothing better is configured. */
  onMaxWait: overflowTargetSchema.default({ kind: 'hangup', cause: 19 }),
  /** Queue already holds `maxLength` callers; 17 (user busy), like Asterisk's QUEUESTATUS=FULL. */
  onMaxLength: overflowTargetSchema.default({ kind: 'hangup', cause: 17 }),
  /** Nobody logged in; null keeps the caller waiting (Asterisk's joinempty=yes). */
  onNoAgents: overflowTargetSchema.nullable().default(null),
  /** Queue-to-queue overflows one call may take before it is hung up (loop guard). */
  maxHops: z.number().int().min(0).max(10).default(3),
});

/** VIP callers themselves are listed per business line (`vip.ts`); the queue says how long to wait for their agents. */
const vipSchema = z.strictObject({
  /** Seconds a VIP call is held for its dedicated agents (ACD-4) before any agent may take it. */
  dedicatedHoldS: seconds.default(30),
});

const stickySchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Seconds a returning caller is held for the last agent while that agent is busy (ACD-3). */
  holdS: seconds.default(20),
  /** How long ago the last call may be and still count as "served last". */
  memoryS: seconds.default(7 * 86_400),
});

const announcementsSchema = z.strictObject({
  /** First announcement after entry; 0 disables announcements. */
  firstAfterS: seconds.default(15),
  /** Then every N seconds (ACD-6); 0 announces once. */
  everyS: seconds.default(45),
  /** Announce the caller's position ("there are 3 calls waiting"). */
  position: z.boolean().default(true),
  /** Announce the expected wait in minutes, once the queue has handle times to go by. */
  expectedWait: z.boolean().default(true),
});

const callbackSchema = z.strictObject({
  /** Callers who hang up after waiting this long get a callback task; null disables. */
  afterAbandonS: seconds.nullable().default(null),
  /** DTMF key a waiting caller presses to ask for a callback; null disables. */
  offerKey: z
    .string()
    .regex(/^[0-9*#]$/)
    .nullable()
    .default('1'),
  maxAttempts: z.number().int().min(1).max(10).default(3),
  retryDelayS: seconds.default(300),
  /** A task not reached within this time expires (the caller has moved on). */
  expiresAfterS: seconds.default(4 * 3600),
});

/** Queue settings the ACD needs beyond the stored `Queue`; every field has a default. */
export const acdQueueSettingsSchema = z.strictObject({
  /** Higher weight wins across queues for an agent in several (same class, before wait). */
  weight: z.number().int().min(0).max(100).default(0),
  relaxation: z.array(relaxationRuleSchema).max(10).default([]),
  overflow: overflowSchema.prefault({}),
  announcements: announcementsSchema.prefault({}),
  /** Missed offers in a row before the agent is paused; 0 disables. */
  autoPauseAfterMisses: z.number().int().min(0).max(20).default(3),
  /** An agent who missed a call is not offered that same call again for this long. */
  reofferAfterS: seconds.default(30),
  sticky: stickySchema.prefault({}),
  vip: vipSchema.prefault({}),
  callback: callbackSchema.prefault({}),
  /** Disposition codes agents give at wrap-up (AGT-6). */
  wrapUp: wrapUpSettingsSchema.prefault({}),
});

/** Parsed ACD settings of one queue. */
export type AcdQueueSettings = z.output<typeof acdQueueSettingsSchema>;

/** ACD settings as stored or typed in: any field may be left out. */
export type AcdQueueSettingsInput = z.input<typeof acdQueueSettingsSchema>;

/** Settings of a queue that stored none. */
export const DEFAULT_ACD_SETTINGS: AcdQueueSettings = acdQueueSettingsSchema.parse({});

/** Parses stored settings, filling defaults; relaxation steps come back sorted by time. */
export function parseAcdSettings(
  input: unknown,
): { ok: true; settings: AcdQueueSettings } | { ok: false; error: AcdError<'VALIDATION_FAILED'> } {
  const parsed = acdQueueSettingsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { ok: false, error: acdError('VALIDATION_FAILED', 'invalid ACD settings', { issues }) };
  }
  const relaxation = [...parsed.data.relaxation].sort((a, b) => a.afterS - b.afterS);
  return { ok: true, settings: { ...parsed.data, relaxation } };
}

/** The queue as the ACD sees it: the stored queue's routing fields plus ACD settings. */
export interface AcdQueue
  extends Pick<
    Queue,
    | 'id'
    | 'businessLineId'
    | 'strategy'
    | 'ringTimeoutS'
    | 'maxWaitS'
    | 'maxLength'
    | 'wrapUpS'
    | 'requiredSkills'
  > {
  readonly settings: AcdQueueSettings;
  /** Set on the personal queue of a DID routed straight to one agent (`direct.ts`). */
  readonly directAgentId?: string;
}

/** A failure with a stable code the API shows as `extensions.code`. */
export interface AcdError<C extends string = string> {
  readonly code: C;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Builds an `AcdError`. */
export const acdError = <C extends string>(
  code: C,
  message: string,
  details: Record<string, unknown> = {},
): AcdError<C> => ({ code, message, details });

/**
 * What every reducer returns: the next state and the commands an executor in
 * `app/` carries out, or a typed error with the state left as it was.
 */
export type Step<S, C, E> =
  | { readonly ok: true; readonly state: S; readonly commands: readonly C[] }
  | { readonly ok: false; readonly error: E; readonly state: S };

/** Ask the executor to fire `key` back as an event at `at` (replacing a timer of that key). */
export interface StartTimer {
  readonly type: 'start-timer';
  readonly key: string;
  readonly at: number;
}

/** Drop a pending timer; a timer that fires anyway is ignored by the reducers. */
export interface CancelTimer {
  readonly type: 'cancel-timer';
  readonly key: string;
}

/** Why an offer to an agent ended without the agent taking the call. */
export type OfferFailureCause =
  | 'timeout'
  | 'rejected'
  | 'unreachable'
  | 'caller-gone'
  | 'answered-elsewhere'
  | 'withdrawn';

/** Causes that are the agent's doing and count toward auto-pause. */
export const MISSED_OFFER_CAUSES: ReadonlySet<OfferFailureCause> = new Set([
  'timeout',
  'rejected',
  'unreachable',
]);
