/**
 * Runtime events of the ACD's routing, published to observers (tests,
 * GraphQL subscriptions) beside the call and agent events of `core.ts`.
 */
import type { CallbackReason } from '../../domain/acd/call.events.ts';

/** An event of the routing. */
export type RoutingEvent =
  /** A caller routed to an IVR flow (DID table, or overflow to voicemail) left for the IVR. */
  | { readonly type: 'ivr-handoff'; readonly channelId: string; readonly flowId: string }
  /** A caller overflowed to an external number is bridged with it (`channelId` is the number's leg). */
  | {
      readonly type: 'forward-bridged';
      readonly callId: string;
      readonly channelId: string;
      readonly bridgeId: string;
    }
  /** The PBX took an announcement for a waiting caller's channel (ACD-6). */
  | {
      readonly type: 'announced';
      readonly callId: string;
      readonly playbackId: string;
      readonly media: readonly string[];
    }
  /**
   * The ACD asks for a callback (ACD-9): an overflow to a callback, emitted
   * by `requestCallbackFromOverflow`. The callback part books the task.
   */
  | {
      readonly type: 'callback-requested';
      readonly callId: string;
      readonly queueId: string;
      readonly businessLineId: string;
      readonly number: string;
      readonly reason: CallbackReason;
    };
