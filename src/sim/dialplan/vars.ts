/**
 * Channel variables as pbx_builtin_setvar_helper() keeps them: a leading `_`
 * or `__` marks inheritance and stays part of the stored name, lookups ignore
 * it, and setting an empty value removes the variable (a VarSet event is
 * still reported).
 */
import type { AppHost, DialplanChannel } from './app-host.ts';

/** Name without the inheritance prefix. */
export function baseName(name: string): string {
  return name.replace(/^_{1,2}/, '');
}

/** Reads a variable, whatever inheritance prefix it was set with. */
export function getChannelVar(ch: DialplanChannel, name: string): string | undefined {
  const base = baseName(name);
  return ch.vars.get(base) ?? ch.vars.get(`_${base}`) ?? ch.vars.get(`__${base}`);
}

/** Sets (or with '' removes) a channel variable and reports it as VarSet. */
export function setChannelVar(
  ch: DialplanChannel,
  host: AppHost,
  name: string,
  value: string,
): void {
  const base = baseName(name);
  ch.vars.delete(base);
  ch.vars.delete(`_${base}`);
  ch.vars.delete(`__${base}`);
  if (value !== '') ch.vars.set(name, value);
  host.onVarSet(ch, name, value);
}
