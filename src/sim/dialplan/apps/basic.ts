/**
 * Channel-state and variable applications: Answer, Hangup, NoOp, Verbose,
 * Wait, Progress, Ringing, Busy, Congestion, Set. Semantics follow
 * main/pbx_builtins.c and main/pbx_variables.c.
 */
import { splitFunctionCall, writeFunction } from '../functions.ts';
import { setChannelVar } from '../vars.ts';
import { type AppContext, type AppResult, type DialplanApp, HANGUP, NEXT } from './types.ts';

/** Hangup causes Busy()/Congestion() leave on the channel (causes.h). */
const CAUSE_USER_BUSY = 17;
const CAUSE_CONGESTION = 34;

/** Parses a seconds argument ("1.5"); undefined when absent or not a number. */
export function parseSeconds(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const answer: DialplanApp = async ({ ch, host }) => {
  // ast_answer() on a channel that is already up does nothing.
  if (ch.state !== 'Up') await host.answer(ch);
  return NEXT;
};

const hangup: DialplanApp = async (_ctx, data) => {
  const cause = Number.parseInt(data, 10);
  return Number.isNaN(cause) ? HANGUP : { kind: 'hangup', cause };
};

const verbose: DialplanApp = async ({ host, ch }, data) => {
  // Verbose([level,]message): a leading number is the level.
  const m = /^\s*(\d+)\s*,(.*)$/s.exec(data);
  host.log('info', m ? (m[2] as string) : data, { channel: ch.name });
  return NEXT;
};

const wait: DialplanApp = async ({ ch, host }, data) => {
  await host.wait(ch, parseSeconds(data) ?? 0);
  return NEXT;
};

/** Progress()/Ringing(): an indication only, the call goes on. */
function indicate(what: 'progress' | 'ringing'): DialplanApp {
  return async ({ ch, host }) => {
    await host.indicate(ch, what);
    return NEXT;
  };
}

/** Busy()/Congestion(): indicate, wait for hang-up (or the timeout), then fail the call. */
function refuse(what: 'busy' | 'congestion', cause: number): DialplanApp {
  return async ({ ch, host }, data): Promise<AppResult> => {
    await host.indicate(ch, what);
    await host.wait(ch, parseSeconds(data) ?? -1);
    return { kind: 'hangup', cause };
  };
}

const set: DialplanApp = async (ctx: AppContext, data) => {
  const eq = data.indexOf('=');
  if (eq <= 0) {
    ctx.host.log('warn', `Set requires an argument (example: Set(VAR=value)), got '${data}'`);
    return NEXT;
  }
  const name = data.slice(0, eq).trim();
  const value = data.slice(eq + 1);
  const call = splitFunctionCall(name);
  if (call) writeFunction(ctx, call.name, call.args, value);
  else setChannelVar(ctx.ch, ctx.host, name, value);
  return NEXT;
};

/** The applications of this file, by name. */
export const BASIC_APPS: Record<string, DialplanApp> = {
  Answer: answer,
  Hangup: hangup,
  NoOp: async () => NEXT,
  Verbose: verbose,
  Wait: wait,
  Progress: indicate('progress'),
  Ringing: indicate('ringing'),
  Busy: refuse('busy', CAUSE_USER_BUSY),
  Congestion: refuse('congestion', CAUSE_CONGESTION),
  Set: set,
};
