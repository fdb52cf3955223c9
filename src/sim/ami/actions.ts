/**
 * Every action the simulated manager interface knows, by lower-case name
 * (manager.c action_find() compares case-insensitively).
 */
import type { ActionHandler } from './action-types.ts';
import { CHANNEL_ACTIONS } from './actions-channels.ts';
import { ORIGINATE_ACTIONS } from './actions-originate.ts';
import { PJSIP_ACTIONS } from './actions-pjsip.ts';
import { SESSION_ACTIONS } from './actions-session.ts';

const ACTIONS: Record<string, ActionHandler> = {
  ...SESSION_ACTIONS,
  ...CHANNEL_ACTIONS,
  ...ORIGINATE_ACTIONS,
  ...PJSIP_ACTIONS,
};

/** The handler for `action` (any case), if the action exists. */
export function findAction(action: string): ActionHandler | undefined {
  return ACTIONS[action.toLowerCase()];
}
