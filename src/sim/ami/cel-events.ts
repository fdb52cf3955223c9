/**
 * The CEL event (cel_manager, class `call`): one channel event log record,
 * fields in the order of transcripts/ami-samples/Event-CEL-*.txt. Times are
 * UTC like the simulator's CDRs; `Extra` is JSON text for HANGUP
 * (`{"hangupcause":16,"hangupsource":"","dialstatus":""}`) and empty for
 * CHAN_START, ANSWER, CHAN_END and LINKEDID_END.
 */
import type { AmiFields } from './backend.ts';
import { cdrTime, eventHeader } from './event-fields.ts';

/** The CEL event types the simulator writes. */
export type CelEventName = 'CHAN_START' | 'ANSWER' | 'HANGUP' | 'CHAN_END' | 'LINKEDID_END';

/** One channel event log record. */
export interface AmiCel {
  eventName: CelEventName;
  accountCode: string;
  callerIdNum: string;
  callerIdName: string;
  callerIdAni: string;
  callerIdDnid: string;
  exten: string;
  context: string;
  channel: string;
  application: string;
  appData: string;
  uniqueid: string;
  linkedid: string;
  peer: string;
  extra: string;
}

/** CEL: `EventTime` is the event's time, printed like CDR times. */
export function celEvent(at: number, cel: AmiCel): AmiFields {
  return [
    ...eventHeader('CEL', 'call,all', at),
    ['EventName', cel.eventName],
    ['AccountCode', cel.accountCode],
    ['CallerIDnum', cel.callerIdNum],
    ['CallerIDname', cel.callerIdName],
    ['CallerIDani', cel.callerIdAni],
    ['CallerIDrdnis', ''],
    ['CallerIDdnid', cel.callerIdDnid],
    ['Exten', cel.exten],
    ['Context', cel.context],
    ['Channel', cel.channel],
    ['Application', cel.application],
    ['AppData', cel.appData],
    ['EventTime', cdrTime(at)],
    ['AMAFlags', 'DOCUMENTATION'],
    ['UniqueID', cel.uniqueid],
    ['LinkedID', cel.linkedid],
    ['Userfield', ''],
    ['Peer', cel.peer],
    ['PeerAccount', ''],
    ['Extra', cel.extra],
  ];
}
