/**
 * A voice-broadcast call once answered (DIAL-6): a human hears the
 * campaign's message and may press a key, the agent key handing the call
 * into the campaign's ACD queue and an answer key being written on the
 * attempt (`dialer_attempts.dtmf`); a machine gets the message or a
 * hang-up per `machineAction`. What a key or the end of the message means
 * is decided by the pure `stepBroadcast`; this file only carries it out.
 */
import {
  type BroadcastCommand,
  type BroadcastEvent,
  stepBroadcast,
} from '../../domain/dialer/broadcast.ts';
import { isHumanVerdict } from '../../domain/dialer/outcome.ts';
import type { FlowDeps } from './call-flow.ts';
import type { CampaignRun, OutboundCall } from './campaign-run.ts';
import { hangupCallee, pbx } from './flow-pbx.ts';

/** Timer key of the wait for a key after the message. */
export const broadcastWaitKey = (call: OutboundCall) => `dialer:broadcast-wait:${call.id}`;

/** AMD's verdict on a broadcast call: the message to a human, or the machine action. */
export async function broadcastAnswered(
  deps: FlowDeps,
  run: CampaignRun,
  call: OutboundCall,
  status: string,
) {
  const { broadcast, machineAction } = run.campaign.settings;
  if (!isHumanVerdict(status)) {
    call.outcome = 'machine';
    if (machineAction === 'message' && status === 'MACHINE') {
      const left = await pbx(deps, call, 'broadcast message to a machine', () =>
        deps.control.play(call.id, broadcast.message),
      );
      // The machine records the message; the call ends when it is played.
      if (left) {
        call.outcome = 'message-left';
        return;
      }
    }
    await hangupCallee(deps, call);
    return;
  }
  call.humanAt = deps.clock.now();
  // A human who hears the message is reached, whatever follows: hanging up
  // halfway is not an abandoned call (no agent was ever promised).
  call.outcome = 'delivered';
  call.broadcast = 'message';
  const played = await pbx(deps, call, 'broadcast message', () =>
    deps.control.play(call.id, broadcast.message),
  );
  if (played) deps.changed(run, call, 'message');
  else await hangupCallee(deps, call);
}

/** The callee pressed a key. */
export const broadcastKeyPressed = (
  deps: FlowDeps,
  run: CampaignRun,
  call: OutboundCall,
  key: string,
) => step(deps, run, call, { type: 'key', key });

/** The message (to a human) finished playing. */
export const broadcastMessageEnded = (deps: FlowDeps, run: CampaignRun, call: OutboundCall) =>
  step(deps, run, call, { type: 'message-ended' });

async function step(deps: FlowDeps, run: CampaignRun, call: OutboundCall, event: BroadcastEvent) {
  if (call.broadcast === null || call.calleeGone) return;
  const next = stepBroadcast(call.broadcast, event, run.campaign.settings.broadcast);
  if (next.stage !== call.broadcast) {
    deps.log.debug(
      { callId: call.id, campaignId: run.campaign.id },
      `broadcast ${call.broadcast} -[${event.type}]-> ${next.stage}`,
    );
  }
  call.broadcast = next.stage;
  await carryOut(deps, run, call, next.command);
}

async function carryOut(
  deps: FlowDeps,
  run: CampaignRun,
  call: OutboundCall,
  command: BroadcastCommand,
) {
  switch (command.type) {
    case 'none':
      return;
    case 'wait':
      deps.timers.set(broadcastWaitKey(call), deps.clock.now() + command.seconds * 1000, () => {
        void step(deps, run, call, { type: 'wait-over' });
      });
      return;
    case 'answer':
      call.keys += command.key;
      deps.log.info({ callId: call.id, key: command.key }, 'broadcast answer kept');
      await hangupCallee(deps, call);
      return;
    case 'to-queue': {
      call.keys += command.key;
      deps.timers.cancel(broadcastWaitKey(call));
      const handed = await pbx(deps, call, 'hand-off to the queue', () =>
        deps.control.toQueue(call.id, command.queueId),
      );
      if (handed) {
        call.outcome = 'transferred';
        deps.log.info({ callId: call.id, queueId: command.queueId }, 'broadcast callee to queue');
        deps.changed(run, call, 'transferred');
      } else await hangupCallee(deps, call);
      return;
    }
    case 'hangup':
      await hangupCallee(deps, call);
      return;
  }
}
