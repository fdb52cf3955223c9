/**
 * Channel states and hang-up causes as Asterisk numbers and names them
 * (include/asterisk/channelstate.h + main/channel.c ast_state2str; causes.h +
 * ast_cause2str). AMI prints both forms (`ChannelState: 6`,
 * `ChannelStateDesc: Up`), ARI and the dialplan engine use the name, AGI
 * `CHANNEL STATUS` answers the number.
 */

/** ast_state2str() names, indexed by state number. */
const STATE_NAMES = [
  'Down',
  'Rsrvd',
  'OffHook',
  'Dialing',
  'Ring',
  'Ringing',
  'Up',
  'Busy',
  'Dialing Offhook',
  'Pre-ring',
] as const;

/** A channel state name. */
export type ChannelStateName = (typeof STATE_NAMES)[number];

/** `6` -> `Up`; numbers Asterisk does not define print as `Unknown`. */
export function channelStateDesc(state: number): string {
  return STATE_NAMES[state] ?? 'Unknown';
}

/** `Up` -> 6; undefined for a name Asterisk does not use. */
export function channelStateNumber(name: string): number | undefined {
  const i = (STATE_NAMES as readonly string[]).indexOf(name);
  return i < 0 ? undefined : i;
}

/** ast_cause2str() texts for the causes a call center meets. */
const CAUSE_TEXTS: Record<number, string> = {
  1: 'Unallocated (unassigned) number',
  2: 'No route to specified transmit network',
  3: 'No route to destination',
  6: 'Channel unacceptable',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  22: 'Number changed',
  26: 'Answered elsewhere',
  27: 'Destination out of order',
  28: 'Invalid number format',
  29: 'Facility rejected',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  41: 'Temporary failure',
  42: 'Switching equipment congestion',
  44: 'Requested channel not available',
  58: 'Bearer capability not available',
  66: 'Channel not implemented',
  88: 'Incompatible destination',
  102: 'Recover on timer expiry',
  111: 'Protocol error, unspecified',
  127: 'Interworking, unspecified',
};

/**
 * `16` -> `Normal Clearing`. Cause 0 (and anything not in the table) is
 * `Unknown`, as the lab's Hangup events show (ami-events.txt: `Cause: 0`,
 * `Cause-txt: Unknown`).
 */
export function hangupCauseText(cause: number): string {
  return CAUSE_TEXTS[cause] ?? 'Unknown';
}
