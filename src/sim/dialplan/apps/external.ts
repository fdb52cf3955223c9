/**
 * Applications that hand the channel to something else: Stasis (an ARI
 * app), AGI (a FastAGI script), Dial (other endpoints). Each sets the status
 * variable Asterisk sets: STASISSTATUS, AGISTATUS (set by the FastAGI client
 * itself), DIALSTATUS.
 */
import { ChannelHungUp } from '../app-host.ts';
import { splitAppArgs } from '../args.ts';
import { getChannelVar, setChannelVar } from '../vars.ts';
import { parseSeconds } from './basic.ts';
import { type DialplanApp, HANGUP, NEXT } from './types.ts';

const stasis: DialplanApp = async ({ ch, host }, data) => {
  const [app = '', ...args] = splitAppArgs(data);
  if (app === '') {
    host.log('error', 'Stasis app_name argument missing', { channel: ch.name });
    return HANGUP;
  }
  try {
    await host.stasis(ch, app, args);
  } catch (e) {
    if (!(e instanceof ChannelHungUp)) {
      host.log('warn', `Stasis app_exec failed for '${app}'`, { error: (e as Error).message });
      setChannelVar(ch, host, 'STASISSTATUS', 'FAILED');
      return HANGUP;
    }
  }
  // The lab capture (ami-samples/Event-VarSet.txt) shows SUCCESS even for a
  // channel that left Stasis because it was hung up.
  setChannelVar(ch, host, 'STASISSTATUS', 'SUCCESS');
  return NEXT;
};

const agi: DialplanApp = async ({ ch, host }, data) => {
  const [url = '', ...args] = splitAppArgs(data);
  if (url === '') {
    host.log('warn', 'AGI requires an argument (script)', { channel: ch.name });
    return HANGUP;
  }
  await host.agi(ch, url, args);
  // res_agi returns -1 (hang up) only for AGISTATUS=HANGUP; FAILURE goes on.
  return getChannelVar(ch, 'AGISTATUS') === 'HANGUP' ? HANGUP : NEXT;
};

const dial: DialplanApp = async ({ ch, host }, data) => {
  const [targets = '', timeout, options = ''] = splitAppArgs(data);
  const list = targets.split('&').filter((t) => t !== '');
  if (list.length === 0) {
    host.log('warn', 'Dial requires an argument (technology/resource)', { channel: ch.name });
    return HANGUP;
  }
  const status = await host.dial(ch, list, parseSeconds(timeout), options);
  setChannelVar(ch, host, 'DIALSTATUS', status);
  if (status === 'CANCEL') return HANGUP;
  // After an answered call ends, Dial returns -1 unless option `g` asks to go on.
  if (status === 'ANSWER' && !options.includes('g')) return HANGUP;
  return NEXT;
};

/** The applications of this file, by name. */
export const EXTERNAL_APPS: Record<string, DialplanApp> = {
  Stasis: stasis,
  AGI: agi,
  Dial: dial,
};
