/**
 * Channel event logging as cel_manager reports it (cel.conf `events = ALL`,
 * `[manager] enabled = yes`, as in the lab configuration): CHAN_START when
 * a channel is created, ANSWER when it is answered, HANGUP and CHAN_END
 * when it is destroyed, and LINKEDID_END after the last channel sharing a
 * linkedid ends. Order as captured (ami-events.txt): Newchannel then
 * CHAN_START, Newstate then ANSWER, and at the end Cdr, HANGUP, CHAN_END,
 * LINKEDID_END, then Hangup. The simulator does not write the bridge, app
 * and DTMF events of `events = ALL`.
 */
import type { AmiFields } from '../ami/backend.ts';
import { type CelEventName, celEvent } from '../ami/cel-events.ts';
import type { CoreEvent } from './events.ts';
import type { ChannelSnapshot } from './model.ts';

/** Tells whether another live channel still shares a linkedid. */
export type LinkedIdInUse = (linkedid: string, exceptChannelId: string) => boolean;

function cel(at: number, name: CelEventName, c: ChannelSnapshot, extra = ''): AmiFields {
  return celEvent(at, {
    eventName: name,
    accountCode: c.accountcode,
    callerIdNum: c.caller.number,
    callerIdName: c.caller.name,
    callerIdAni: c.caller.number,
    callerIdDnid: '',
    exten: c.exten,
    context: c.context,
    channel: c.name,
    application: name === 'CHAN_START' ? '' : c.appName,
    appData: name === 'CHAN_START' ? '' : c.appData,
    uniqueid: c.id,
    linkedid: c.linkedid,
    peer: '',
    extra,
  });
}

/** CEL events written before the core event's own AMI events (a channel's end). */
export function celBefore(e: CoreEvent, inUse: LinkedIdInUse): AmiFields[] {
  if (e.type !== 'ChannelDestroyed' || e.channel.name.startsWith('Snoop/')) return [];
  const c = e.channel;
  const extra = JSON.stringify({ hangupcause: e.cause, hangupsource: '', dialstatus: '' });
  const out = [cel(e.at, 'HANGUP', c, extra), cel(e.at, 'CHAN_END', c)];
  if (!inUse(c.linkedid, c.id)) out.push(cel(e.at, 'LINKEDID_END', c));
  return out;
}

/** CEL events written after the core event's own AMI events (a channel's start or answer). */
export function celAfter(e: CoreEvent): AmiFields[] {
  if (e.type === 'ChannelCreated' && !e.channel.name.startsWith('Snoop/')) {
    return [cel(e.at, 'CHAN_START', e.channel)];
  }
  if (e.type === 'ChannelStateChange' && e.channel.state === 'Up') {
    return [cel(e.at, 'ANSWER', e.channel)];
  }
  return [];
}
