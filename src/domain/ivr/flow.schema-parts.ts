/**
 * Building blocks of the flow schema: ids, languages, variable names,
 * prompts, and the fields menus share.
 */
import { z } from 'zod';
import { isVariableName } from './vars.ts';

/** Node and flow ids: 1-64 letters, digits, `_ . : -`. */
export const NODE_ID = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;

/** Message zod reports for an absent prompt; flow.validate.ts maps it to MISSING_PROMPT. */
export const MISSING_PROMPT_MESSAGE = 'missing prompt';

/** A node or flow id. */
export const id = z.string().regex(NODE_ID, 'must be 1-64 letters, digits or _ . : -');
/** A reference to a node of the same flow. */
export const nodeRef = id;
/** A language tag. */
export const language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'must be a tag such as en or fr-CA');
/** A variable name (see vars.ts). */
export const variable = z
  .string()
  .refine(isVariableName, 'must be a variable name such as orderId');

/**
 * A sound file as Asterisk names it (no extension). `&` is refused because
 * GET DATA and Playback read it as "then play", `,` because dialplan
 * applications split arguments on it, spaces because AGI splits on them,
 * and `..` so that a flow cannot reach outside the sounds directory.
 */
const soundFile = z.string().superRefine((name, ctx) => {
  const problem = soundFileProblem(name);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

/** Why `name` cannot be a sound file name, or null when it can. */
export function soundFileProblem(name: string): string | null {
  if (name === '') return 'empty prompt';
  if (name.length > 200) return 'a sound file name has at most 200 characters';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_\-/.]*$/.test(name)) {
    return 'a sound file name uses letters, digits and _ - / . (no spaces, & or ,)';
  }
  if (name.split('/').includes('..')) return 'a sound file name cannot contain ..';
  return null;
}

/** A prompt: one sound file, or one per language (`{ en: 'welcome', fr: 'fr/bienvenue' }`). */
export const promptSchema = z.union([soundFile, z.record(language, soundFile)], {
  error: (issue) =>
    issue.input === undefined
      ? MISSING_PROMPT_MESSAGE
      : 'a prompt is a sound file name or an object language -> sound file',
});

/** A prompt as written in a flow. */
export type Prompt = z.infer<typeof promptSchema>;

/** Keys a menu can offer. `#` is not one: GET DATA treats it as "end of input". */
export const menuDigit = z.string().regex(/^[0-9*]$/, 'a menu key is one of 0-9 or *');
/** Seconds to wait for the caller's first digit. */
export const timeoutS = z.number().min(1).max(60).default(5);
/** Re-prompts allowed after the first attempt. */
export const retries = z.number().int().min(0).max(10).default(2);
/** Free-form editor data (positions, colours); ignored by the interpreter. */
export const ui = z.record(z.string(), z.unknown()).optional();
