/**
 * Nodes whose work happens outside the call's audio: the HTTP lookup (the
 * runner performs the request and feeds the answer back) and voicemail
 * (record, maybe ask a callback number, then save).
 */
import {
  act,
  getDigits,
  go,
  type NodeEnv,
  type Note,
  note,
  type Outcome,
  resolvePrompt,
} from './flow.outcome.ts';
import { jsonPathOf, templateOf } from './flow.prepared.ts';
import type { NodeOf } from './flow.schema.ts';
import type { Input, VoicemailMessage } from './flow.step.ts';
import { readJsonPath } from './json-path.ts';
import { renderTemplate } from './template.ts';
import { BUILTIN_VARS, type Vars, withVar } from './vars.ts';

/** Control characters would let a variable split an HTTP header in two. */
const stripControl = (text: string): string =>
  [...text].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join('');

/** Lookup: render the request; variables in the URL are URL-encoded. */
export function enterLookup(node: NodeOf<'lookup'>, env: NodeEnv): Outcome {
  const { flow, cursor } = env;
  const render = (source: string) => renderTemplate(templateOf(flow, source), cursor.vars);
  const url = renderTemplate(templateOf(flow, node.url), cursor.vars, encodeURIComponent);
  const headers = Object.fromEntries(
    Object.entries(node.headers).map(([k, v]) => [k, stripControl(render(v))]),
  );
  const body =
    node.body === undefined
      ? null
      : Object.fromEntries(Object.entries(node.body).map(([k, v]) => [k, render(v)]));
  return act(
    {
      type: 'lookup',
      request: { method: node.method, url, headers, body, timeoutMs: node.timeoutMs },
    },
    cursor.vars,
  );
}

/**
 * Lookup answered or failed. A non-2xx status, a body that is not JSON, a
 * missing field or a field that is an object all take `onError`, with the
 * reason in `lookupError`, so the caller is never left in silence.
 */
export function resumeLookup(node: NodeOf<'lookup'>, input: Input, env: NodeEnv): Outcome {
  const vars = env.cursor.vars;
  const fail = (reason: string) =>
    go(node.onError, withVar(vars, BUILTIN_VARS.lookupError, reason), note('lookup-error', reason));
  if (input.type === 'lookup-error' || input.type === 'failed') return fail(input.reason);
  if (input.type !== 'lookup-result') return fail('NO_RESPONSE');
  if (input.status < 200 || input.status > 299) return fail(`HTTP_${input.status}`);
  const extracted = extract(node, input.body, env);
  if (typeof extracted === 'string') return fail(extracted);
  return go(node.next, extracted, note('lookup-ok', String(input.status)));
}

function extract(node: NodeOf<'lookup'>, body: unknown, env: NodeEnv): Vars | string {
  let document = body;
  if (typeof body === 'string') {
    try {
      document = JSON.parse(body);
    } catch {
      return 'INVALID_JSON';
    }
  }
  let vars = env.cursor.vars;
  for (const [name, path] of Object.entries(node.results)) {
    const read = readJsonPath(document, jsonPathOf(env.flow, path));
    if (read.found) vars = withVar(vars, name, read.value);
    else if (read.reason === 'missing' && node.optional.includes(name))
      vars = withVar(vars, name, '');
    else return `${read.reason === 'missing' ? 'MISSING_FIELD' : 'NOT_SCALAR'} ${name}`;
  }
  return vars;
}

/** Voicemail: greeting, beep, record until `#`, silence, hang-up or the time limit. */
export function enterVoicemail(node: NodeOf<'voicemail'>, env: NodeEnv): Outcome {
  const { flow, cursor } = env;
  const greeting =
    node.greeting === undefined ? null : resolvePrompt(flow, node.greeting, cursor.vars);
  const action = {
    type: 'record-voicemail',
    mailboxId: node.mailboxId,
    greeting,
    maxSeconds: node.maxSeconds,
    silenceS: node.silenceS,
    beep: node.beep,
    finishDigits: '#',
  } as const;
  return act(action, cursor.vars);
}

/** Seconds the caller has to type a callback number. */
const CALLBACK_TIMEOUT_S = 10;

/** Voicemail: after recording, after the callback number, after saving. */
export function resumeVoicemail(node: NodeOf<'voicemail'>, input: Input, env: NodeEnv): Outcome {
  const { cursor } = env;
  if (cursor.phase === 'callback' && cursor.voicemail !== null) {
    const digits = input.type === 'digits' && input.digits !== '' ? input.digits : null;
    const vars =
      digits === null ? cursor.vars : withVar(cursor.vars, BUILTIN_VARS.callbackNumber, digits);
    return save({ ...cursor.voicemail, callbackNumber: digits }, vars, false);
  }
  if (cursor.phase === 'saving') {
    if (cursor.hungUp) return act({ type: 'end', reason: 'caller-hangup' }, cursor.vars);
    const n = input.type === 'failed' ? note('error', input.reason) : note('saved');
    return go(node.next, cursor.vars, n);
  }
  if (input.type !== 'recorded') {
    return go(
      node.next,
      cursor.vars,
      note('error', input.type === 'failed' ? input.reason : 'NOT_RECORDED'),
    );
  }
  return afterRecording(node, input, env);
}

function afterRecording(
  node: NodeOf<'voicemail'>,
  input: Extract<Input, { type: 'recorded' }>,
  env: NodeEnv,
): Outcome {
  const { flow, cursor, ctx } = env;
  const recorded = note('recorded', `${input.durationS}s`);
  if (input.durationS <= 0) {
    if (input.hungUp) return act({ type: 'end', reason: 'caller-hangup' }, cursor.vars, [recorded]);
    return go(node.next, cursor.vars, recorded);
  }
  const message: VoicemailMessage = {
    mailboxId: node.mailboxId,
    file: input.file,
    durationS: input.durationS,
    callerNumber: ctx.callerNumber,
    callbackNumber: null,
    flowId: flow.doc.id,
    nodeId: cursor.nodeId ?? '',
  };
  if (input.hungUp || !node.askCallback || node.callbackPrompt === undefined) {
    return save(message, cursor.vars, input.hungUp, [recorded]);
  }
  const ask = getDigits(env, node.callbackPrompt, [], 20, CALLBACK_TIMEOUT_S);
  return act(ask, cursor.vars, [recorded], { phase: 'callback', voicemail: message });
}

/** Asks the runner to store the message; a caller who already hung up ends after it. */
export function save(
  message: VoicemailMessage,
  vars: Vars,
  hungUp: boolean,
  notes: readonly Note[] = [],
): Outcome {
  return act({ type: 'save-voicemail', message }, vars, notes, {
    phase: 'saving',
    voicemail: message,
    hungUp,
  });
}
