/**
 * The dialplan engine: runs a channel through extensions.conf the way
 * Asterisk's pbx loop (main/pbx.c __ast_pbx_run) does.
 * - Each step: substitute the data, report Newexten (host.onStep), run the
 *   application, then go on at priority + 1, or where the app jumped.
 * - An extension that does not exist goes to `i` (INVALID_EXTEN set) or
 *   hangs up; a missing next priority hangs up (autofallthrough=yes).
 * - An unknown application is logged as an error and the call is hung up,
 *   as a misconfigured Asterisk fails the call.
 * - When the run ends (hang-up from either side), the `h` extension of the
 *   channel's context runs, if present. run() resolves after that: the core
 *   destroys the channel then.
 * - If the core moves the channel while an app runs (ARI continue resolving
 *   stasis(), AGI SET PRIORITY, or an app rejecting with ChannelRedirected
 *   for AMI Redirect), the engine resumes at the channel's new location.
 */
import {
  type AppHost,
  ChannelHungUp,
  ChannelRedirected,
  type DialplanChannel,
} from './app-host.ts';
import { findApp } from './apps/registry.ts';
import type { AppContext, AppResult } from './apps/types.ts';
import { readFunction, splitFunctionCall, writeFunction } from './functions.ts';
import { loadDialplanFiles } from './loader.ts';
import { findExtension, findStep } from './lookup.ts';
import type { DialplanConfig, DialplanFile, Step } from './model.ts';
import { parseDialplan } from './parser.ts';
import { lookupVariable, type Scope, substitute } from './substitute.ts';
import { validateReferences } from './validate.ts';
import { setChannelVar } from './vars.ts';

/** A loaded dialplan. */
export interface Dialplan {
  /** The parsed contexts and globals (read-only use). */
  readonly config: DialplanConfig;
  /**
   * Runs `ch` from context/exten/priority until it hangs up, then its `h`
   * extension. Never rejects for dialplan problems: they are logged through
   * host.log and the call is hung up.
   */
  run(
    ch: DialplanChannel,
    host: AppHost,
    context: string,
    exten: string,
    priority?: number,
  ): Promise<void>;
  /** Does context/exten (following includes) have this priority (default 1)? */
  hasExtension(context: string, exten: string, priority?: number): boolean;
  /**
   * Runs one application as AGI `EXEC` does: returns the app's result code
   * (0 go on, -1 hang up, -2 no such application). A Goto moves the channel.
   */
  exec(ch: DialplanChannel, host: AppHost, app: string, data: string): Promise<number>;
  /** A variable or `FUNC(args)` value; undefined when unset (AGI GET VARIABLE, AMI Getvar). */
  getVariable(ch: DialplanChannel, host: AppHost, name: string): string | undefined;
  /** Substitutes `${...}`/`$[...]` in `text` (AGI GET FULL VARIABLE). */
  substitute(ch: DialplanChannel, host: AppHost, text: string): string;
  /**
   * Sets a variable or writes `FUNC(args)` (AGI SET VARIABLE, AMI Setvar),
   * as pbx_builtin_setvar_helper() does. False (and a warning) when the
   * function is unknown or read-only.
   */
  setVariable(ch: DialplanChannel, host: AppHost, name: string, value: string): boolean;
}

type StepOutcome = 'continue' | 'stop';

/** Loads a dialplan from files, or from every `*.conf` in a directory. */
export function createDialplan(source: readonly DialplanFile[] | string): Dialplan {
  const files = typeof source === 'string' ? loadDialplanFiles(source) : source;
  const { config, rawGlobals } = parseDialplan(files);
  for (const [name, value] of rawGlobals) {
    // pbx_config substitutes each global against those defined before it.
    config.globals.set(
      name,
      value.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_m, n: string) => config.globals.get(n) ?? ''),
    );
  }
  validateReferences(config);
  return new DialplanEngine(config);
}

class DialplanEngine implements Dialplan {
  constructor(readonly config: DialplanConfig) {}

  hasExtension(context: string, exten: string, priority = 1): boolean {
    return findStep(this.config, context, exten, priority) !== undefined;
  }

  async run(
    ch: DialplanChannel,
    host: AppHost,
    context: string,
    exten: string,
    priority = 1,
  ): Promise<void> {
    ch.context = context;
    ch.exten = exten;
    ch.priority = priority;
    await this.loop(ch, host, false);
    if (findExtension(this.config, ch.context, 'h')?.steps.has(1)) {
      ch.exten = 'h';
      ch.priority = 1;
      await this.loop(ch, host, true);
    }
  }

  getVariable(ch: DialplanChannel, host: AppHost, name: string): string | undefined {
    const call = splitFunctionCall(name);
    if (!call) return lookupVariable(this.scope(ch, host), name);
    try {
      return readFunction({ ch, host }, call.name, call.args);
    } catch {
      return undefined;
    }
  }

  substitute(ch: DialplanChannel, host: AppHost, text: string): string {
    return substitute(this.scope(ch, host), text, (msg) =>
      host.log('warn', msg, { channel: ch.name }),
    );
  }

  setVariable(ch: DialplanChannel, host: AppHost, name: string, value: string): boolean {
    const call = splitFunctionCall(name);
    if (!call) {
      setChannelVar(ch, host, name, value);
      return true;
    }
    try {
      writeFunction({ ch, host }, call.name, call.args, value);
      return true;
    } catch (e) {
      host.log('warn', (e as Error).message, { channel: ch.name });
      return false;
    }
  }

  async exec(ch: DialplanChannel, host: AppHost, app: string, data: string): Promise<number> {
    const found = findApp(app);
    if (!found) {
      host.log('warn', `Could not find application (${app})`, { channel: ch.name });
      return -2;
    }
    let result: AppResult;
    try {
      result = await found.run(this.appContext(ch, host), data);
    } catch (e) {
      if (e instanceof ChannelHungUp) return -1;
      host.log('error', `${found.name}(${data}) failed: ${(e as Error).message}`, {
        channel: ch.name,
      });
      return -1;
    }
    if (result.kind === 'goto') this.moveTo(ch, result);
    if (result.kind !== 'hangup') return 0;
    await hangupIfUp(ch, host, result.cause);
    return -1;
  }

  private scope(ch: DialplanChannel, host: AppHost): Scope {
    return { ch, host, globals: this.config.globals };
  }

  private appContext(ch: DialplanChannel, host: AppHost): AppContext {
    return { ch, host, config: this.config, scope: this.scope(ch, host) };
  }

  private moveTo(
    ch: DialplanChannel,
    to: { context: string; exten: string; priority: number },
  ): void {
    ch.context = to.context;
    ch.exten = to.exten;
    ch.priority = to.priority;
  }

  /** Runs steps until the channel stops; `inH` is the hang-up handler run. */
  private async loop(ch: DialplanChannel, host: AppHost, inH: boolean): Promise<void> {
    for (;;) {
      const step = findStep(this.config, ch.context, ch.exten, ch.priority);
      const outcome = step
        ? await this.runStep(ch, host, step, inH)
        : await this.noStep(ch, host, inH);
      if (outcome === 'stop') return;
    }
  }

  /** No step at the current location: invalid extension or end of the extension. */
  private async noStep(ch: DialplanChannel, host: AppHost, inH: boolean): Promise<StepOutcome> {
    if (inH) return 'stop';
    if (!findExtension(this.config, ch.context, ch.exten)) {
      if (ch.exten !== 'i' && findExtension(this.config, ch.context, 'i')) {
        setChannelVar(ch, host, 'INVALID_EXTEN', ch.exten);
        this.moveTo(ch, { context: ch.context, exten: 'i', priority: 1 });
        return 'continue';
      }
      host.log(
        'warn',
        `Channel '${ch.name}' sent to invalid extension but no invalid handler: context,exten,priority=${where(ch)}`,
      );
    }
    // autofallthrough: the extension ran out of priorities.
    await hangupIfUp(ch, host);
    return 'stop';
  }

  private async runStep(
    ch: DialplanChannel,
    host: AppHost,
    step: Step,
    inH: boolean,
  ): Promise<StepOutcome> {
    const at = { context: ch.context, exten: ch.exten, priority: ch.priority };
    let data: string;
    try {
      data = this.substitute(ch, host, step.appData);
    } catch (e) {
      return this.fail(
        ch,
        host,
        `${(e as Error).message} at ${where(ch)} (${step.file}:${step.line})`,
      );
    }
    host.onStep(ch, step.app, data);
    const app = findApp(step.app);
    if (!app) return this.fail(ch, host, `unknown application ${step.app} at ${where(ch)}`);
    let result: AppResult;
    try {
      result = await app.run(this.appContext(ch, host), data);
    } catch (e) {
      if (e instanceof ChannelRedirected) return 'continue';
      if (e instanceof ChannelHungUp) return 'stop';
      return this.fail(
        ch,
        host,
        `${app.name}(${data}) failed at ${where(ch)}: ${(e as Error).message}`,
      );
    }
    if (result.kind === 'hangup') {
      await hangupIfUp(ch, host, result.cause);
      return 'stop';
    }
    if (ch.hungUp && !inH) return 'stop';
    if (result.kind === 'goto') this.moveTo(ch, result);
    else if (ch.context === at.context && ch.exten === at.exten && ch.priority === at.priority)
      ch.priority++;
    return 'continue';
  }

  /** Logs a dialplan error loudly and fails the call. */
  private async fail(ch: DialplanChannel, host: AppHost, msg: string): Promise<StepOutcome> {
    host.log('error', msg, { channel: ch.name, code: 'DIALPLAN_RUNTIME_ERROR' });
    await hangupIfUp(ch, host);
    return 'stop';
  }
}

function where(ch: DialplanChannel): string {
  return `${ch.context},${ch.exten},${ch.priority}`;
}

async function hangupIfUp(ch: DialplanChannel, host: AppHost, cause?: number): Promise<void> {
  if (ch.hungUp) return;
  try {
    await host.hangup(ch, cause);
  } catch (e) {
    if (!(e instanceof ChannelHungUp)) throw e;
  }
}
