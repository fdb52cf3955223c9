/**
 * A queue's disposition codes (AGT-6): the codes its agents may give a
 * call at wrap-up, and whether one must be given. An empty list allows any
 * code (the queue has no list of its own); a code is matched exactly as
 * listed, after trimming.
 */
import { z } from 'zod';

/** Longest disposition code (the call record column's width). */
export const MAX_DISPOSITION = 64;

/** A queue's wrap-up settings inside its ACD settings. */
export const wrapUpSettingsSchema = z.strictObject({
  /** Codes the agents choose from; empty: any code. */
  dispositions: z
    .array(z.string().trim().min(1).max(MAX_DISPOSITION))
    .max(50)
    .refine((codes) => new Set(codes).size === codes.length, 'codes must be unique')
    .default([]),
  /** A wrap-up without a code is refused. */
  dispositionRequired: z.boolean().default(false),
});

/** Parsed wrap-up settings of a queue. */
export type WrapUpSettings = z.output<typeof wrapUpSettingsSchema>;

/** Why a disposition is refused. */
export type DispositionRefusal =
  | { readonly code: 'DISPOSITION_REQUIRED'; readonly message: string }
  | { readonly code: 'DISPOSITION_UNKNOWN'; readonly message: string };

/**
 * Checks a (trimmed) code, or null for none, against a queue's settings;
 * null when it is acceptable.
 */
export function checkDisposition(
  settings: WrapUpSettings,
  disposition: string | null,
  queueName: string,
): DispositionRefusal | null {
  if (disposition === null) {
    if (!settings.dispositionRequired) return null;
    return {
      code: 'DISPOSITION_REQUIRED',
      message: `queue ${queueName} requires a disposition code (one of: ${settings.dispositions.join(', ') || 'any code'})`,
    };
  }
  if (settings.dispositions.length === 0 || settings.dispositions.includes(disposition)) {
    return null;
  }
  return {
    code: 'DISPOSITION_UNKNOWN',
    message: `"${disposition}" is not a disposition code of queue ${queueName} (one of: ${settings.dispositions.join(', ')})`,
  };
}
