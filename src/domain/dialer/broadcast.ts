/**
 * A voice-broadcast call after the callee answered (DIAL-6), as a reducer:
 * the message plays; a key pressed meanwhile (or within `keyWaitS` after
 * it) is either the agent key, which hands the callee into the ACD queue,
 * or an answer key, which is kept on the attempt and ends the call; any
 * other key is ignored. The first meaningful key decides: a callee who
 * keeps pressing after that changes nothing.
 */
import type { BroadcastSettings } from './campaign.ts';

/** Where a broadcast call is. */
export type BroadcastStage =
  /** The message is playing. */
  | 'message'
  /** The message ended; the line stays open for a key. */
  | 'waiting'
  /** A key decided (answer kept or hand-off asked) or the wait ran out: nothing more happens. */
  | 'done';

/** What the PBX told a broadcast call. */
export type BroadcastEvent =
  | { readonly type: 'key'; readonly key: string }
  | { readonly type: 'message-ended' }
  | { readonly type: 'wait-over' };

/** What the call flow does next. */
export type BroadcastCommand =
  | { readonly type: 'none' }
  /** Keep the line open `seconds` for a key, then send `wait-over`. */
  | { readonly type: 'wait'; readonly seconds: number }
  /** Keep the key as the callee's answer and hang up. */
  | { readonly type: 'answer'; readonly key: string }
  /** Hand the callee into the ACD queue. */
  | { readonly type: 'to-queue'; readonly queueId: string; readonly key: string }
  | { readonly type: 'hangup' };

/** The next stage and command. */
export interface BroadcastStep {
  readonly stage: BroadcastStage;
  readonly command: BroadcastCommand;
}

const NONE: BroadcastCommand = { type: 'none' };

/** The agent key, when the campaign has one and a queue to hand to. */
function agentQueue(settings: BroadcastSettings, key: string): string | null {
  if (settings.agentKey === null || settings.queueId === null) return null;
  return key === settings.agentKey ? settings.queueId : null;
}

/** One step of a broadcast call. */
export function stepBroadcast(
  stage: BroadcastStage,
  event: BroadcastEvent,
  settings: BroadcastSettings,
): BroadcastStep {
  if (stage === 'done') return { stage, command: NONE };
  switch (event.type) {
    case 'key': {
      const queueId = agentQueue(settings, event.key);
      if (queueId !== null) {
        return { stage: 'done', command: { type: 'to-queue', queueId, key: event.key } };
      }
      if (settings.answerKeys.includes(event.key)) {
        return { stage: 'done', command: { type: 'answer', key: event.key } };
      }
      return { stage, command: NONE };
    }
    case 'message-ended':
      if (stage !== 'message') return { stage, command: NONE };
      if (settings.keyWaitS === 0) return { stage: 'done', command: { type: 'hangup' } };
      return { stage: 'waiting', command: { type: 'wait', seconds: settings.keyWaitS } };
    case 'wait-over':
      if (stage !== 'waiting') return { stage, command: NONE };
      return { stage: 'done', command: { type: 'hangup' } };
  }
}

/**
 * Problems of a broadcast campaign's settings that make it unable to
 * start: an agent key with no queue to hand to, or a key used both as the
 * agent key and as an answer.
 */
export function broadcastProblems(settings: BroadcastSettings): string[] {
  const problems: string[] = [];
  if (settings.agentKey !== null && settings.queueId === null) {
    problems.push('broadcast.queueId: the agent key needs a queue');
  }
  if (settings.agentKey !== null && settings.answerKeys.includes(settings.agentKey)) {
    problems.push(`broadcast.answerKeys: ${settings.agentKey} is the agent key`);
  }
  return problems;
}
