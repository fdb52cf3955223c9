/**
 * The dialplan functions the simulator knows (`${NAME(args)}` and
 * `Set(NAME(args)=value)`). Asterisk has hundreds; callwright's dialplan
 * stays trivial, so only these exist and anything else fails loudly, at load
 * time when the name is visible in the file, otherwise when the step runs.
 */
import type { AppHost, DialplanChannel } from './app-host.ts';
import { DialplanRuntimeError } from './errors.ts';
import { isZeroOrNull } from './expression.ts';

/** What a function sees. */
export interface FunctionEnv {
  ch: DialplanChannel;
  host: AppHost;
}

/** A readable (and maybe writable) dialplan function. */
interface DialplanFunction {
  /** undefined means "read failed" (AGI GET VARIABLE then answers result=0). */
  read(env: FunctionEnv, args: string): string | undefined;
  write?(env: FunctionEnv, args: string, value: string): void;
}

/** pbx_checkcondition(): empty and numeric zero are false, any other text true. */
export function checkCondition(v: string): boolean {
  return !isZeroOrNull(v.trim());
}

const callerId: DialplanFunction = {
  read({ ch }, args) {
    switch (args.trim().toLowerCase()) {
      case 'num':
      case 'number':
        return ch.callerNumber;
      case 'name':
        return ch.callerName;
      case 'all':
        return ch.callerName ? `"${ch.callerName}" <${ch.callerNumber}>` : `<${ch.callerNumber}>`;
      default:
        return undefined;
    }
  },
  write({ ch }, args, value) {
    const what = args.trim().toLowerCase();
    if (what === 'num' || what === 'number') ch.callerNumber = value;
    else if (what === 'name') ch.callerName = value;
    else throw new DialplanRuntimeError(`CALLERID(${args}) is not writable here`);
  },
};

const channel: DialplanFunction = {
  read({ ch, host }, args) {
    switch (args.trim().toLowerCase()) {
      case 'name':
        return ch.name;
      case 'uniqueid':
        return ch.id;
      case 'state':
        return ch.state;
      case 'language':
        return host.builtinVar(ch, 'LANGUAGE') ?? 'en';
      default:
        return undefined;
    }
  },
};

const FUNCTIONS: Record<string, DialplanFunction> = {
  CALLERID: callerId,
  CHANNEL: channel,
  LEN: { read: (_env, args) => String(args.length) },
  ISNULL: { read: (_env, args) => (args === '' ? '1' : '0') },
  IF: {
    // IF(cond?true:false): split at the first `?`, then the first `:` (func_logic.c).
    read(_env, args) {
      const q = args.indexOf('?');
      if (q < 0) return '';
      const rest = args.slice(q + 1);
      const c = rest.indexOf(':');
      const [yes, no] = c < 0 ? [rest, ''] : [rest.slice(0, c), rest.slice(c + 1)];
      return checkCondition(args.slice(0, q)) ? yes : no;
    },
  },
  EXISTS: { read: (_env, args) => (args !== '' ? '1' : '0') },
};

/** Names `${NAME(...)}` may use; the parser rejects others at load time. */
export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(FUNCTIONS));

function lookup(name: string): DialplanFunction {
  const fn = FUNCTIONS[name.toUpperCase()];
  if (!fn) throw new DialplanRuntimeError(`unknown dialplan function ${name}`);
  return fn;
}

/** Reads `NAME(args)`; throws DialplanRuntimeError for an unknown function. */
export function readFunction(env: FunctionEnv, name: string, args: string): string | undefined {
  return lookup(name).read(env, args);
}

/** Writes `Set(NAME(args)=value)`; throws for unknown or read-only functions. */
export function writeFunction(env: FunctionEnv, name: string, args: string, value: string): void {
  const fn = lookup(name);
  if (!fn.write) throw new DialplanRuntimeError(`dialplan function ${name} is read-only`);
  fn.write(env, args, value);
}

/** Splits `NAME(args)` into its parts; undefined when `ref` is not a function call. */
export function splitFunctionCall(ref: string): { name: string; args: string } | undefined {
  const m = /^([A-Za-z0-9_]+)\((.*)\)$/s.exec(ref);
  return m ? { name: m[1] as string, args: m[2] as string } : undefined;
}
