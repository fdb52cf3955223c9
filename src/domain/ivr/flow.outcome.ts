/**
 * What a node handler decides: move on to another node at once (`go`), or
 * stop and ask the runner to carry out an action (`act`). Handlers also
 * leave notes (path events) about what happened at their node.
 */
import type { PreparedFlow } from './flow.prepared.ts';
import type { Prompt } from './flow.schema-parts.ts';
import type {
  Action,
  Cursor,
  PathEvent,
  Phase,
  RunContext,
  VoicemailMessage,
} from './flow.step.ts';
import { BUILTIN_VARS, readVar, toText, type Vars } from './vars.ts';

/** A path event about the current node. */
export interface Note {
  readonly event: PathEvent;
  readonly detail: string | null;
}

/** A handler's decision. */
export type Outcome =
  | {
      readonly kind: 'go';
      readonly to: string;
      readonly vars: Vars;
      readonly notes: readonly Note[];
    }
  | {
      readonly kind: 'act';
      readonly action: Action;
      readonly vars: Vars;
      readonly notes: readonly Note[];
      /** Cursor fields to change besides vars; phase defaults to `await`. */
      readonly state?: Partial<
        Pick<Cursor, 'phase' | 'invalid' | 'timeouts' | 'voicemail' | 'hungUp'>
      >;
    };

/** What every handler can read. */
export interface NodeEnv {
  readonly flow: PreparedFlow;
  /** The cursor at this node (fresh on entry). */
  readonly cursor: Cursor;
  readonly now: number;
  readonly ctx: RunContext;
}

/** A note. */
export const note = (event: PathEvent, detail: string | null = null): Note => ({ event, detail });

/** Continue at `to`. */
export const go = (to: string, vars: Vars, ...notes: Note[]): Outcome => ({
  kind: 'go',
  to,
  vars,
  notes,
});

/** Stop on `action`. */
export function act(
  action: Action,
  vars: Vars,
  notes: readonly Note[] = [],
  state: {
    phase?: Phase;
    invalid?: number;
    timeouts?: number;
    voicemail?: VoicemailMessage | null;
    hungUp?: boolean;
  } = {},
): Outcome {
  return { kind: 'act', action, vars, notes, state };
}

/** The caller's prompt language: the `language` variable when the flow has it, else the default. */
export function languageOf(flow: PreparedFlow, vars: Vars): string {
  const chosen = toText(readVar(vars, BUILTIN_VARS.language));
  return flow.doc.languages.includes(chosen) ? chosen : flow.doc.language;
}

/** The sound file of a prompt for the caller's language, falling back to the default language. */
export function resolvePrompt(flow: PreparedFlow, prompt: Prompt, vars: Vars): string {
  if (typeof prompt === 'string') return prompt;
  const lang = languageOf(flow, vars);
  if (Object.hasOwn(prompt, lang)) return prompt[lang]!;
  if (Object.hasOwn(prompt, flow.doc.language)) return prompt[flow.doc.language]!;
  return Object.values(prompt)[0] ?? '';
}

/** A GET DATA style action. */
export function getDigits(
  env: NodeEnv,
  prompt: Prompt,
  before: readonly (Prompt | undefined)[],
  maxDigits: number,
  timeoutS: number,
): Action {
  const vars = env.cursor.vars;
  return {
    type: 'get-digits',
    before: before.filter((p) => p !== undefined).map((p) => resolvePrompt(env.flow, p, vars)),
    prompt: resolvePrompt(env.flow, prompt, vars),
    maxDigits,
    timeoutMs: Math.round(timeoutS * 1000),
    terminator: '#',
  };
}
