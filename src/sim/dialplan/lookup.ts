/**
 * Finding the extension a channel runs: the context's own extensions first
 * (a literal beats any pattern, then the most specific pattern), then each
 * `include =>` in the order written (pbx.c pbx_find_extension).
 */
import type { Context, DialplanConfig, Extension, Step } from './model.ts';
import { compareExtensions, matches } from './pattern.ts';

function bestInContext(ctx: Context, exten: string): Extension | undefined {
  let best: Extension | undefined;
  for (const ext of ctx.extensions.values()) {
    if (!matches(ext.pattern, exten)) continue;
    if (!best || compareExtensions(ext.pattern, best.pattern) < 0) best = ext;
  }
  return best;
}

/** The extension `exten` runs in `context` (following includes), if any. */
export function findExtension(
  config: DialplanConfig,
  context: string,
  exten: string,
  seen: Set<string> = new Set(),
): Extension | undefined {
  const ctx = config.contexts.get(context);
  if (!ctx || seen.has(context)) return undefined;
  seen.add(context);
  const own = bestInContext(ctx, exten);
  if (own) return own;
  for (const inc of ctx.includes) {
    const found = findExtension(config, inc.name, exten, seen);
    if (found) return found;
  }
  return undefined;
}

/** The step at `priority`, if the extension exists and has it. */
export function findStep(
  config: DialplanConfig,
  context: string,
  exten: string,
  priority: number,
): Step | undefined {
  return findExtension(config, context, exten)?.steps.get(priority);
}

/**
 * Resolves a Goto priority: a number, or a label of the target extension
 * (ast_findlabel_extension). undefined when neither.
 */
export function resolvePriority(
  config: DialplanConfig,
  context: string,
  exten: string,
  spec: string,
): number | undefined {
  const text = spec.trim();
  if (/^\d+$/.test(text)) return Number(text);
  return findExtension(config, context, exten)?.labels.get(text);
}
