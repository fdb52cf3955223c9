/**
 * Goto([[context,]exten,]priority) and GotoIf(cond?[iftrue]:[iffalse])
 * (pbx_builtins.c). A priority may be a number or a label of the target
 * extension; an unresolvable target fails the call like Asterisk's -1.
 */
import { checkCondition } from '../functions.ts';
import { resolvePriority } from '../lookup.ts';
import { type AppContext, type AppResult, type DialplanApp, HANGUP, NEXT } from './types.ts';

/** Resolves a Goto target relative to where the channel is. */
export function parseGoto(ctx: AppContext, spec: string): AppResult {
  const parts = spec.split(',').map((p) => p.trim());
  const [prio, exten, context] = parts.reverse() as [string, string?, string?];
  const target = {
    context: context || ctx.ch.context,
    exten: exten || ctx.ch.exten,
  };
  if (parts.length > 3 || prio === '') {
    ctx.host.log('warn', `Goto (${spec}): expected [[context,]extension,]priority`);
    return HANGUP;
  }
  const priority = resolvePriority(ctx.config, target.context, target.exten, prio);
  if (priority === undefined || priority < 1) {
    ctx.host.log('warn', `Priority '${prio}' must be a number > 0, or valid label`, { target });
    return HANGUP;
  }
  return { kind: 'goto', ...target, priority };
}

const gotoApp: DialplanApp = async (ctx, data) => parseGoto(ctx, data);

const gotoIf: DialplanApp = async (ctx, data) => {
  const q = data.indexOf('?');
  if (q < 0) {
    ctx.host.log('warn', 'GotoIf: ignoring, since there is no question mark');
    return NEXT;
  }
  const branches = data.slice(q + 1);
  const c = branches.indexOf(':');
  const [yes, no] = c < 0 ? [branches, ''] : [branches.slice(0, c), branches.slice(c + 1)];
  const chosen = (checkCondition(data.slice(0, q)) ? yes : no).trim();
  return chosen === '' ? NEXT : parseGoto(ctx, chosen);
};

/** The applications of this file, by name. */
export const FLOW_APPS: Record<string, DialplanApp> = {
  Goto: gotoApp,
  GotoIf: gotoIf,
};
