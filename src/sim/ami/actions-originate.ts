/**
 * Originate (manager.c action_originate + fast_originate). With
 * `Async: true` the reply is `Originate successfully queued` at once and an
 * OriginateResponse event with the same ActionID follows when the call is
 * answered or fails; it goes to every session that wants call events, as
 * Asterisk broadcasts it. Without Async the reply waits for the outcome.
 */
import { splitAppArgs } from '../dialplan/args.ts';
import type { ActionEnv, ActionHandler, ActionResult } from './action-types.ts';
import type { AmiOriginate, AmiOriginateResult } from './backend.ts';
import { type AmiMessage, header, headers } from './codec.ts';
import { originateResponseEvent } from './events.ts';
import { ack, error } from './responses.ts';

/** ast_callerid_parse(): `"Name" <num>`, `Name <num>`, `<num>` or a bare number or name. */
export function parseCallerId(text: string): { name: string; num: string } {
  const m = /^\s*(.*?)\s*<([^>]*)>\s*$/.exec(text);
  const [name, num] = m
    ? [(m[1] as string).replace(/^"(.*)"$/, '$1'), m[2] as string]
    : /^[\d+*#\s()-.]+$/.test(text)
      ? ['', text]
      : [text.trim(), ''];
  // ast_shrink_phone_number() drops the usual punctuation from the number.
  return { name, num: num.replace(/[\s()\-.]/g, '') };
}

/** `Variable: a=1,b=2` headers (repeatable) into a record. */
function parseVariables(msg: AmiMessage): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const value of headers(msg, 'Variable')) {
    for (const pair of splitAppArgs(value.trim())) {
      const eq = pair.indexOf('=');
      if (eq > 0) vars[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return vars;
}

const TRUE_WORDS = new Set(['yes', 'true', 'y', 't', '1', 'on']);

/** Checks the headers in manager.c's order; returns the request or an error text. */
function buildRequest(
  msg: AmiMessage,
  backend: ActionEnv['server']['backend'],
): AmiOriginate | string {
  const [channel, context, exten, app] = ['Channel', 'Context', 'Exten', 'Application'].map((h) =>
    header(msg, h),
  ) as [string, string, string, string];
  const [priority, timeout] = [header(msg, 'Priority'), header(msg, 'Timeout')];
  if (channel === '') return 'Channel not specified';
  if (priority !== '' && !/^-?\d+$/.test(priority)) return 'Invalid priority';
  if (timeout !== '' && !/^-?\d+$/.test(timeout)) return 'Invalid timeout';
  if (!channel.includes('/')) return 'Invalid channel';
  const pi = priority === '' ? 0 : Number(priority);
  if (pi !== 0 && !backend.hasExtension(context, exten, pi)) return 'Extension does not exist.';
  const req: AmiOriginate = {
    channel,
    variables: parseVariables(msg),
    timeoutMs: timeout === '' ? 30000 : Number(timeout),
  };
  const optional: Array<[keyof AmiOriginate, string]> = [
    ['context', context],
    ['exten', exten],
    ['application', app],
    ['data', header(msg, 'Data')],
    ['callerId', header(msg, 'CallerID')],
    ['channelId', header(msg, 'ChannelId')],
    ['otherChannelId', header(msg, 'OtherChannelId')],
  ];
  for (const [key, value] of optional) if (value !== '') Object.assign(req, { [key]: value });
  if (pi !== 0) req.priority = pi;
  return req;
}

/** Runs the originate; a throwing backend counts as a failure with reason 0. */
async function attempt(env: ActionEnv, req: AmiOriginate): Promise<AmiOriginateResult> {
  try {
    return await env.server.backend.originate(req);
  } catch (e) {
    env.server.logger.warn({ err: (e as Error).message, channel: req.channel }, 'originate failed');
    return {
      success: false,
      reason: 0,
      channel: '',
      uniqueid: '',
      callerIdNum: '',
      callerIdName: '',
      context: '',
      exten: '',
    };
  }
}

/** Broadcasts OriginateResponse for an async originate. */
function announce(env: ActionEnv, req: AmiOriginate, result: AmiOriginateResult): void {
  const cid = parseCallerId(req.callerId ?? '');
  const target =
    req.application !== undefined
      ? { application: req.application, data: req.data ?? '' }
      : { context: req.context ?? '', exten: req.exten ?? '' };
  env.server.broadcast(
    originateResponseEvent(env.server.now(), {
      actionId: header(env.msg, 'ActionID'),
      success: result.success,
      // Failed before a channel existed: Asterisk prints the requested tech/data.
      channel: result.channel || req.channel,
      ...target,
      reason: result.reason,
      uniqueid: result.uniqueid || req.channelId || '',
      callerIdNum: cid.num,
      callerIdName: cid.name,
    }),
  );
}

const originate: ActionHandler = async (env): Promise<ActionResult> => {
  const { msg, session } = env;
  const req = buildRequest(msg, env.server.backend);
  if (typeof req === 'string') {
    session.send(error(msg, req));
    return 'keep';
  }
  if (TRUE_WORDS.has(header(msg, 'Async').toLowerCase())) {
    void attempt(env, req).then((result) => announce(env, req, result));
    session.send(ack(msg, 'Originate successfully queued'));
    return 'keep';
  }
  if (
    req.application === undefined &&
    (req.context === undefined || req.exten === undefined || req.priority === undefined)
  ) {
    session.send(error(msg, "Originate with 'Exten' requires 'Context' and 'Priority'"));
    return 'keep';
  }
  const result = await attempt(env, req);
  session.send(
    result.success ? ack(msg, 'Originate successfully queued') : error(msg, 'Originate failed'),
  );
  return 'keep';
};

/** The actions of this file, by lower-case name. */
export const ORIGINATE_ACTIONS: Record<string, ActionHandler> = { originate };
