/**
 * Position and expected-wait announcements to waiting callers (ACD-6):
 * core sound files played on the caller's channel while it sits in the
 * holding bridge. The expected wait is the caller's position times the
 * queue's recent handle time, shared by the agents serving the queue;
 * until a call of the queue has ended since start there is no handle time
 * and only the position is announced.
 */
import { announcementMedia, expectedWaitS } from '../../domain/acd/announce.ts';
import type { CallCommand } from '../../domain/acd/call.events.ts';
import { positionOf } from '../../domain/acd/snapshot.calls.ts';
import { type AcdCore, type LiveCall, onPbxChain, publish } from './core.ts';

/** Weight of the newest call in a queue's moving average of handle time. */
const HANDLE_WEIGHT = 0.2;

/** Notes one call's handle time (talk plus wrap-up, seconds) for its queue. */
export function noteHandleTime(core: AcdCore, queueId: string, seconds: number): void {
  const known = core.routing.handleS.get(queueId);
  const next = known === undefined ? seconds : known + HANDLE_WEIGHT * (seconds - known);
  core.routing.handleS.set(queueId, next);
}

/** Members of a queue who are logged in and not paused: those who will serve its callers. */
function servingAgents(core: AcdCore, queueId: string): number {
  const q = core.snapshot.queues.get(queueId);
  if (q === undefined) return 0;
  let n = 0;
  for (const id of q.loggedIn) if (core.snapshot.agents.get(id)?.status !== 'paused') n += 1;
  return n;
}

/** Expected wait of a waiting call, in seconds; null without handle times or serving agents. */
export function expectedWaitOf(core: AcdCore, callId: string): number | null {
  const live = core.calls.get(callId);
  const position = positionOf(core.snapshot, callId);
  if (live === undefined || position === null) return null;
  const queueId = live.call.queue.id;
  return expectedWaitS(
    position,
    core.routing.handleS.get(queueId) ?? null,
    servingAgents(core, queueId),
  );
}

/**
 * Plays an announcement to a waiting caller. Skipped once an agent is
 * ringing: the caller is about to be connected, and a playback still
 * running would follow the caller into the agent's bridge.
 */
export function announce(
  core: AcdCore,
  live: LiveCall,
  command: Extract<CallCommand, { type: 'announce-position' }>,
): void {
  const { call } = live;
  if (call.phase.name !== 'waiting' || live.callerGone) return;
  const expected = command.expectedWaitS ?? expectedWaitOf(core, call.callId);
  const media = announcementMedia(command.position, expected, call.queue.settings.announcements);
  if (media.length === 0) return;
  core.routing.announceSeq += 1;
  const playbackId = `cw-announce-${call.callId}-${core.routing.announceSeq}`;
  const { callId } = call;
  onPbxChain(core, live, async () => {
    const played = await core.deps.control.play(callId, playbackId, media);
    if (played.ok) publish(core, { type: 'announced', callId, playbackId, media });
    else if (played.reason === 'failed') {
      core.log.warn({ callId, detail: played.detail }, 'announcement not played');
    }
  });
}
