/** Words the agent widget shows for the schema's values. */
import type { AgentStatus } from '../desk-types.ts';

/** How each agent status reads. */
export const STATUS_LABEL: Record<AgentStatus, string> = {
  LOGGED_OUT: 'Logged out',
  AVAILABLE: 'Available',
  RESERVED: 'Call coming',
  RINGING: 'Ringing',
  ON_CALL: 'On call',
  WRAP_UP: 'Wrap-up',
  PAUSED: 'Paused',
};

/** Pause reasons offered when the host page sets none (`pause-reasons`). */
export const DEFAULT_PAUSE_REASONS = ['break', 'lunch', 'training', 'meeting'];

/** Disposition codes offered for inbound calls when the host page sets none (`dispositions`). */
export const DEFAULT_DISPOSITIONS = [
  'sale',
  'information',
  'complaint',
  'follow-up',
  'wrong-number',
];
