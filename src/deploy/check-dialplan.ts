/**
 * Dialplan checks: every context a line names exists (include, Goto,
 * GotoIf, Gosub, Local/ dial strings), every application comes from the core
 * or a module that modules.conf loads, Stasis() names callwright's ARI
 * application, and AGI() goes to a FastAGI server whose address is a
 * defined global.
 */
import { splitAppArgs } from './app-args.ts';
import { APPLICATION_MODULES, CORE_APPLICATIONS } from './asterisk-facts.ts';
import { type CheckProblem, error } from './check-types.ts';
import type { DialplanStep, DialplanSummary } from './dialplan-reader.ts';

/** What the dialplan is checked against. */
export interface DialplanCheckInput {
  readonly dialplan: DialplanSummary;
  /** Modules modules.conf requires or loads. */
  readonly loadedModules: ReadonlySet<string>;
  /** callwright's ARI_APP. */
  readonly ariApp: string;
}

/** `${NAME}` -> the global's value; literal text as is; undefined when the global is unset. */
function resolve(text: string, globals: ReadonlyMap<string, string>): string | undefined {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(text.trim());
  if (!m) return text.trim();
  return globals.get(m[1] as string);
}

/** Contexts a step names literally (text with `${` is decided at run time). */
function contextsNamed(step: DialplanStep): string[] {
  const app = step.app.toLowerCase();
  let targets: string[] = [];
  if (app === 'goto' || app === 'gosub') targets = [step.data];
  else if (app === 'gotoif' || app === 'gosubif') {
    const branches = step.data.slice(step.data.indexOf('?') + 1);
    targets = branches.split(':');
  }
  const named = targets
    .map((t) => t.split(',').map((p) => p.trim()))
    .filter((parts) => parts.length === 3 && !(parts[0] as string).includes('$'))
    .map((parts) => parts[0] as string);
  if (app === 'dial' || app === 'queue') {
    for (const m of step.data.matchAll(/Local\/[^@,&]+@([A-Za-z0-9_-]+)/g))
      named.push(m[1] as string);
  }
  return named;
}

function checkApplication(step: DialplanStep, loaded: ReadonlySet<string>): CheckProblem[] {
  const app = step.app.toLowerCase();
  if (CORE_APPLICATIONS.has(app)) return [];
  const module = APPLICATION_MODULES.get(app);
  if (module === undefined) {
    return [
      error(
        step,
        `application ${step.app} is not one the check knows; add its module to asterisk-facts.ts`,
      ),
    ];
  }
  if (!loaded.has(module)) {
    return [
      error(step, `${step.app} needs ${module}, which modules.conf does not require or load`),
    ];
  }
  return [];
}

function checkStasis(step: DialplanStep, input: DialplanCheckInput): CheckProblem[] {
  const first = splitAppArgs(step.data)[0] ?? '';
  const app = resolve(first, input.dialplan.globals);
  if (app === undefined)
    return [error(step, `Stasis(${first}): global ${first} is not set in [globals]`)];
  if (app !== input.ariApp) {
    return [
      error(step, `Stasis(${first}) enters application "${app}" but ARI_APP is "${input.ariApp}"`),
    ];
  }
  return [];
}

function checkAgi(step: DialplanStep, globals: ReadonlyMap<string, string>): CheckProblem[] {
  const url = splitAppArgs(step.data)[0] ?? '';
  if (!url.startsWith('agi://')) {
    return [error(step, `AGI(${url}): callwright's IVR is a FastAGI server (agi://host:port/...)`)];
  }
  const host = url.slice('agi://'.length).split('/')[0] ?? '';
  return [...host.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)]
    .filter((m) => !globals.has(m[1] as string))
    .map((m) => error(step, `AGI(${url}): global ${m[1]} is not set in [globals]`));
}

/** Every dialplan problem. */
export function checkDialplan(input: DialplanCheckInput): CheckProblem[] {
  const { dialplan } = input;
  const problems: CheckProblem[] = dialplan.errors.map((e) => error(e, e.message));
  for (const inc of dialplan.includes) {
    if (!dialplan.contexts.has(inc.target)) {
      problems.push(error(inc, `[${inc.context}] includes ${inc.target}: no such context`));
    }
  }
  const configuredApp = dialplan.globals.get('ARI_APP');
  if (configuredApp !== undefined && configuredApp !== input.ariApp) {
    problems.push(
      error(
        dialplan.globalLines.get('ARI_APP') ?? { file: 'extensions.conf', line: 0 },
        `[globals] ARI_APP=${configuredApp} but callwright's ARI_APP is "${input.ariApp}"`,
      ),
    );
  }
  for (const step of dialplan.steps) {
    for (const ctx of contextsNamed(step)) {
      if (!dialplan.contexts.has(ctx))
        problems.push(error(step, `${step.app} to unknown context ${ctx}`));
    }
    problems.push(...checkApplication(step, input.loadedModules));
    const app = step.app.toLowerCase();
    if (app === 'stasis') problems.push(...checkStasis(step, input));
    if (app === 'agi') problems.push(...checkAgi(step, dialplan.globals));
  }
  return problems;
}
