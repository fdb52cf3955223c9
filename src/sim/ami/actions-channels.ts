/**
 * Channel actions: Hangup, Redirect, Getvar, Setvar, CoreShowChannels,
 * DeviceStateList and PlayDTMF, with manager.c's (res_manager_devicestate.c's,
 * app_senddtmf.c's) messages word for word.
 */
import type { ActionEnv, ActionHandler } from './action-types.ts';
import type { AmiChannelRow } from './backend.ts';
import { header } from './codec.ts';
import { channelFields } from './event-fields.ts';
import {
  ack,
  actionIdField,
  error,
  listAck,
  listComplete,
  listItem,
  successWith,
} from './responses.ts';

/** Cause: header, 0..127, anything else ignored (manager.c keeps hanging up). */
function parseCause(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 127 ? n : undefined;
}

/** `Channel: /regex/` hangs up every matching channel and lists them. */
function hangupByRegex({ msg, session, server }: ActionEnv, spec: string): void {
  if (spec.length < 2 || !spec.endsWith('/')) {
    session.send(error(msg, 'Regex format invalid, Channel param should be /regex/'));
    return;
  }
  let re: RegExp;
  try {
    re = new RegExp(spec.slice(1, -1));
  } catch {
    session.send(error(msg, `Regex compile failed on: ${spec}`));
    return;
  }
  session.send(listAck(msg, 'Channels hung up will follow'));
  const cause = parseCause(header(msg, 'Cause'));
  let count = 0;
  for (const row of server.backend.channels()) {
    if (!re.test(row.channel)) continue;
    server.backend.hangup(row.channel, cause);
    count++;
    // manager.c prints the ActionID after Channel in these items.
    session.send([['Event', 'ChannelHungup'], ['Channel', row.channel], ...actionIdField(msg)]);
  }
  session.send(listComplete(msg, 'ChannelsHungupListComplete', count));
}

const hangup: ActionHandler = (env) => {
  const { msg, session, server } = env;
  const name = header(msg, 'Channel');
  if (name === '') session.send(error(msg, 'No channel specified'));
  else if (name.startsWith('/')) hangupByRegex(env, name);
  else if (!server.backend.hangup(name, parseCause(header(msg, 'Cause'))))
    session.send(error(msg, 'No such channel'));
  else session.send(ack(msg, 'Channel Hungup'));
  return 'keep';
};

/** First problem with a Redirect's headers, or undefined when they are complete. */
function redirectProblem(msg: ActionEnv['msg']): string | undefined {
  const missing: Array<[string, string]> = [
    ['Channel', 'Channel not specified'],
    ['Context', 'Context not specified'],
    ['Exten', 'Exten not specified'],
    ['Priority', 'Priority not specified'],
  ];
  for (const [name, text] of missing) if (header(msg, name) === '') return text;
  // Labels are not resolved here; only numeric priorities are accepted.
  if (!/^\d+$/.test(header(msg, 'Priority')) || Number(header(msg, 'Priority')) < 1)
    return 'Priority is invalid';
  if (header(msg, 'ExtraChannel') !== '' && header(msg, 'ExtraContext') !== '') {
    if (header(msg, 'ExtraExten') === '') return 'ExtraExten not specified';
    if (header(msg, 'ExtraPriority') === '') return 'ExtraPriority not specified';
    if (!/^[1-9]\d*$/.test(header(msg, 'ExtraPriority'))) return 'ExtraPriority is invalid';
  }
  return undefined;
}

const redirect: ActionHandler = ({ msg, session, server }) => {
  const problem = redirectProblem(msg);
  if (problem) {
    session.send(error(msg, problem));
    return 'keep';
  }
  const names = new Set(server.backend.channels().map((r) => r.channel));
  const [chan, extra] = [header(msg, 'Channel'), header(msg, 'ExtraChannel')];
  const target = (p: string) =>
    [
      header(msg, `${p}Context`),
      header(msg, `${p}Exten`),
      Number(header(msg, `${p}Priority`)),
    ] as const;
  if (!names.has(chan)) session.send(error(msg, `Channel does not exist: ${chan}`));
  else if (extra === '') {
    const ok = server.backend.redirect(chan, ...target(''));
    session.send(ok ? ack(msg, 'Redirect successful') : error(msg, 'Redirect failed'));
  } else if (!names.has(extra)) session.send(error(msg, `ExtraChannel does not exist: ${extra}`));
  else {
    const second = header(msg, 'ExtraContext') !== '' ? target('Extra') : target('');
    const ok =
      server.backend.redirect(chan, ...target('')) && server.backend.redirect(extra, ...second);
    session.send(
      ok ? ack(msg, 'Dual Redirect successful') : error(msg, 'Secondary redirect failed'),
    );
  }
  return 'keep';
};

const getvar: ActionHandler = ({ msg, session, server }) => {
  const variable = header(msg, 'Variable');
  if (variable === '') {
    session.send(error(msg, 'No variable specified'));
    return 'keep';
  }
  // Without Channel: the variable is a global and always answered.
  const channel = header(msg, 'Channel');
  const res = server.backend.getVar(channel, variable);
  if (channel !== '' && !res.exists) session.send(error(msg, 'No such channel'));
  else
    session.send(
      successWith(msg, [
        ['Variable', variable],
        ['Value', res.value ?? ''],
      ]),
    );
  return 'keep';
};

const setvar: ActionHandler = ({ msg, session, server }) => {
  const [variable, channel] = [header(msg, 'Variable'), header(msg, 'Channel')];
  if (variable === '') session.send(error(msg, 'No variable specified'));
  else if (!server.backend.setVar(channel, variable, header(msg, 'Value')) && channel !== '') {
    session.send(error(msg, 'No such channel'));
  } else session.send(ack(msg, 'Variable Set'));
  return 'keep';
};

/** `HH:MM:SS` since the channel was created. */
function hms(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** PlayDTMF (app_senddtmf.c manager_play_dtmf): checks in its order, then queues the digit. */
const playDtmf: ActionHandler = ({ msg, session, server }) => {
  const channel = header(msg, 'Channel');
  const [digit, duration] = [header(msg, 'Digit'), header(msg, 'Duration')];
  if (!server.backend.channels().some((r) => r.channel === channel))
    session.send(error(msg, 'Channel not found'));
  else if (digit === '') session.send(error(msg, 'No digit specified'));
  else if (duration !== '' && !/^\s*\d/.test(duration))
    session.send(error(msg, 'Could not convert Duration parameter'));
  else {
    const receive = /^(yes|true|y|t|1|on)$/i.test(header(msg, 'Receive').trim());
    server.backend.playDtmf(channel, digit.charAt(0), receive);
    session.send(ack(msg, 'DTMF successfully queued'));
  }
  return 'keep';
};

/** One CoreShowChannel item (manager.c action_coreshowchannels). */
export function coreShowChannelFields(row: AmiChannelRow): Array<[string, string]> {
  return [
    ...channelFields({
      name: row.channel,
      state: row.channelState,
      callerIdNum: row.callerIdNum,
      callerIdName: row.callerIdName,
      connectedLineNum: row.connectedLineNum,
      connectedLineName: row.connectedLineName,
      language: row.language,
      accountCode: row.accountCode,
      context: row.context,
      exten: row.exten,
      priority: row.priority,
      uniqueid: row.uniqueid,
      linkedid: row.linkedid,
    }),
    ['Application', row.application],
    ['ApplicationData', row.applicationData],
    ['Duration', hms(row.durationS)],
    ['BridgeId', row.bridgeId],
  ];
}

const coreShowChannels: ActionHandler = ({ msg, session, server }) => {
  const rows = server.backend.channels();
  session.send(listAck(msg, 'Channels will follow'));
  for (const row of rows)
    session.send(listItem(msg, 'CoreShowChannel', coreShowChannelFields(row)));
  session.send(listComplete(msg, 'CoreShowChannelsComplete', rows.length));
  return 'keep';
};

const deviceStateList: ActionHandler = ({ msg, session, server }) => {
  const states = server.backend.deviceStates();
  session.send(listAck(msg, 'Device State Changes will follow'));
  for (const { device, state } of states) {
    session.send(
      listItem(msg, 'DeviceStateChange', [
        ['Device', device],
        ['State', state],
      ]),
    );
  }
  session.send(listComplete(msg, 'DeviceStateListComplete', states.length));
  return 'keep';
};

/** The actions of this file, by lower-case name. */
export const CHANNEL_ACTIONS: Record<string, ActionHandler> = {
  hangup,
  redirect,
  getvar,
  setvar,
  coreshowchannels: coreShowChannels,
  devicestatelist: deviceStateList,
  playdtmf: playDtmf,
};
