/**
 * The field blocks AMI events are built from, in Asterisk's order:
 * the event header, the channel snapshot block
 * (ast_manager_build_channel_state_string_prefix) and the bridge snapshot
 * block (ast_manager_build_bridge_state_string_prefix). Checked against
 * transcripts/ami-samples/*.txt.
 */
import type { AmiFields } from './backend.ts';
import { channelStateDesc } from './channel-state.ts';

/** A channel as AMI events describe it. Empty caller/connected fields print as `<unknown>`. */
export interface AmiChannelSnapshot {
  /** `PJSIP/1001-00000003`, `Local/100@sim-customer-00000001;1`. */
  name: string;
  /** State number (6 = Up); the description is derived. */
  state: number;
  callerIdNum: string;
  callerIdName: string;
  connectedLineNum: string;
  connectedLineName: string;
  language: string;
  accountCode: string;
  context: string;
  exten: string;
  priority: number;
  uniqueid: string;
  linkedid: string;
}

/** A bridge as AMI events describe it. */
export interface AmiBridgeSnapshot {
  uniqueid: string;
  /** `stasis`, `basic`. */
  type: string;
  /** `simple_bridge`, `softmix`, `holding_bridge`. */
  technology: string;
  /** `Stasis`, or '' (printed `<unknown>`). */
  creator: string;
  name: string;
  numChannels: number;
  /** `talker`, `none`, `single`. */
  videoSourceMode: string;
  /** Only printed in `single` mode. */
  videoSource?: string;
}

/** AMI `Timestamp:`: seconds with microseconds, `1795424307.234706`. */
export function amiTimestamp(ms: number): string {
  const micros = Math.round(ms * 1000);
  const whole = Math.floor(micros / 1_000_000);
  return `${whole}.${String(micros - whole * 1_000_000).padStart(6, '0')}`;
}

/** `Event:`, `Privilege: <class>,all` and (timestampevents=yes) `Timestamp:`. */
export function eventHeader(event: string, privilege: string, atMs: number | undefined): AmiFields {
  const fields: AmiFields = [
    ['Event', event],
    ['Privilege', privilege],
  ];
  if (atMs !== undefined) fields.push(['Timestamp', amiTimestamp(atMs)]);
  return fields;
}

const orUnknown = (v: string): string => (v === '' ? '<unknown>' : v);

/** The channel block; `prefix` is `Dest` for the called side of Dial events. */
export function channelFields(ch: AmiChannelSnapshot, prefix = ''): AmiFields {
  const p = prefix;
  return [
    [`${p}Channel`, ch.name],
    [`${p}ChannelState`, String(ch.state)],
    [`${p}ChannelStateDesc`, channelStateDesc(ch.state)],
    [`${p}CallerIDNum`, orUnknown(ch.callerIdNum)],
    [`${p}CallerIDName`, orUnknown(ch.callerIdName)],
    [`${p}ConnectedLineNum`, orUnknown(ch.connectedLineNum)],
    [`${p}ConnectedLineName`, orUnknown(ch.connectedLineName)],
    [`${p}Language`, ch.language],
    [`${p}AccountCode`, ch.accountCode],
    [`${p}Context`, ch.context],
    [`${p}Exten`, ch.exten],
    [`${p}Priority`, String(ch.priority)],
    [`${p}Uniqueid`, ch.uniqueid],
    [`${p}Linkedid`, ch.linkedid],
  ];
}

/** The bridge block. */
export function bridgeFields(b: AmiBridgeSnapshot): AmiFields {
  const fields: AmiFields = [
    ['BridgeUniqueid', b.uniqueid],
    ['BridgeType', b.type],
    ['BridgeTechnology', b.technology],
    ['BridgeCreator', orUnknown(b.creator)],
    ['BridgeName', orUnknown(b.name)],
    ['BridgeNumChannels', String(b.numChannels)],
    ['BridgeVideoSourceMode', b.videoSourceMode],
  ];
  if (b.videoSourceMode === 'single' && b.videoSource)
    fields.push(['BridgeVideoSource', b.videoSource]);
  return fields;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC (the lab Asterisk ran in UTC), as CDR times print. */
export function cdrTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** `2026-11-23T08:56:15.067+0000`, as security events print EventTV/SessionTV. */
export function eventTv(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}
