/**
 * Q.850 hangup causes with Asterisk's texts (main/causes.c, ast_cause2str),
 * and ARI's hangup `reason` names (res/ari/resource_channels.c).
 */

/** cause -> text as ChannelDestroyed.cause_txt and AMI Cause-txt show it. */
const CAUSE_TEXT: Record<number, string> = {
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  23: 'Redirected to new destination',
  26: 'Answered elsewhere',
  27: 'Destination out of order',
  28: 'Invalid number format',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  58: 'Bearer capability not available',
  127: 'Interworking, unspecified',
};

/** Asterisk's text for a cause; unknown codes (and 0) read `Unknown`. */
export function causeText(cause: number): string {
  return CAUSE_TEXT[cause] ?? 'Unknown';
}

/** ARI DELETE /channels/{id}?reason= values and their causes. */
export const HANGUP_REASONS: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};

/** Well-known causes used by the simulator. */
export const CAUSE = {
  unknown: 0,
  unallocated: 1,
  normal: 16,
  busy: 17,
  noAnswer: 19,
  rejected: 21,
  answeredElsewhere: 26,
  congestion: 34,
} as const;
