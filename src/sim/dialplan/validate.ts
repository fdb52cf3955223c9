/**
 * Load-time checks Asterisk itself would only warn about at run time: every
 * `include =>` and every literal Goto/GotoIf context must exist. A dialplan
 * that ships to customers should fail its test, not a live call.
 */
import { DialplanParseError } from './errors.ts';
import type { DialplanConfig, Step } from './model.ts';

/** Contexts named by a Goto/GotoIf step when written literally (no `${`). */
export function gotoContexts(step: Step): string[] {
  const app = step.app.toLowerCase();
  let targets: string[];
  if (app === 'goto') targets = [step.appData];
  else if (app === 'gotoif') {
    const branches = step.appData.slice(step.appData.indexOf('?') + 1);
    const c = branches.indexOf(':');
    targets = c < 0 ? [branches] : [branches.slice(0, c), branches.slice(c + 1)];
  } else return [];
  return targets
    .map((t) => t.split(',').map((p) => p.trim()))
    .filter((parts) => parts.length === 3 && !(parts[0] as string).includes('$'))
    .map((parts) => parts[0] as string);
}

/** Throws DialplanParseError for the first dangling context reference. */
export function validateReferences(config: DialplanConfig): void {
  for (const ctx of config.contexts.values()) {
    for (const inc of ctx.includes) {
      if (!config.contexts.has(inc.name)) {
        throw new DialplanParseError(inc.file, inc.line, `include => ${inc.name}: no such context`);
      }
    }
    for (const ext of ctx.extensions.values()) {
      for (const step of ext.steps.values()) {
        for (const target of gotoContexts(step)) {
          if (!config.contexts.has(target)) {
            throw new DialplanParseError(
              step.file,
              step.line,
              `${step.app} to unknown context ${target}`,
            );
          }
        }
      }
    }
  }
}
