/**
 * A queue's callback settings (ACD-9) as stored and edited: when callers
 * become tasks (hanging up after X seconds, pressing the callback key), how
 * often and how long a task is tried, and how the customer is dialled. A
 * queue without stored settings keeps what its ACD settings say.
 */
import { z } from 'zod';
import type { AcdQueueSettings } from './acd.types.ts';

/** Longest a task may stay open: keeps every callback timer within one Node timer's range. */
export const MAX_CALLBACK_LIFETIME_S = 7 * 86_400;

/** Callback settings of one queue; every field has a default. */
export const callbackSettingsSchema = z.strictObject({
  /** Off: callers are neither offered the key nor booked on hang-up (API requests still are). */
  enabled: z.boolean().default(true),
  /** A caller who hangs up after waiting this long becomes a task; null: never. */
  afterAbandonS: z.number().int().min(0).max(3600).nullable().default(null),
  /** DTMF key a waiting caller presses to be called back; null: no key. */
  offerKey: z
    .string()
    .regex(/^[0-9*#]$/, 'one key: 0-9, * or #')
    .nullable()
    .default('1'),
  /** Customer dial attempts before the task fails. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** Seconds between a busy or unanswered attempt and the next. */
  retryDelayS: z.number().int().min(0).max(86_400).default(300),
  /** A task not reached within this time (from its due time) expires. */
  expiresAfterS: z
    .number()
    .int()
    .min(60)
    .max(MAX_CALLBACK_LIFETIME_S)
    .default(4 * 3600),
  /** Seconds the customer's phone rings before the attempt counts as no answer. */
  dialTimeoutS: z.number().int().min(1).max(120).default(30),
});

/** Parsed callback settings. */
export type CallbackSettings = z.output<typeof callbackSettingsSchema>;

/** Callback settings as typed in: any field may be left out. */
export type CallbackSettingsInput = z.input<typeof callbackSettingsSchema>;

/** The settings of a queue that stored none: its ACD settings, and defaults for the rest. */
export function settingsFromQueue(callback: AcdQueueSettings['callback']): CallbackSettings {
  return callbackSettingsSchema.parse({
    afterAbandonS: callback.afterAbandonS,
    offerKey: callback.offerKey,
    maxAttempts: callback.maxAttempts,
    retryDelayS: callback.retryDelayS,
    expiresAfterS: Math.min(MAX_CALLBACK_LIFETIME_S, Math.max(60, callback.expiresAfterS)),
  });
}

/** The part of the queue's ACD settings the call machine reads; off means no key and no abandon rule. */
export function queueCallbackOf(s: CallbackSettings): AcdQueueSettings['callback'] {
  return {
    afterAbandonS: s.enabled ? s.afterAbandonS : null,
    offerKey: s.enabled ? s.offerKey : null,
    maxAttempts: s.maxAttempts,
    retryDelayS: s.retryDelayS,
    expiresAfterS: s.expiresAfterS,
  };
}
