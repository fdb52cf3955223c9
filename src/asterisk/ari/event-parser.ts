/**
 * Parses one raw ARI WebSocket frame into a typed event, or says why not.
 * Pure: logging and counting of rejected frames happens in `frame-intake.ts`.
 */

import { EVENT_SCHEMAS, isAriEventType } from './event-schemas.ts';
import type { AriEvent } from './events.ts';

/** Why a frame was rejected; also the `reason` label of the rejection counter. */
export type FrameRejectReason =
  /** Not JSON at all. */
  | 'malformed_json'
  /** JSON, but not an object with a string `type`. */
  | 'not_an_event'
  /** An event type callwright does not consume. */
  | 'unknown_type'
  /** A consumed type whose fields we rely on are missing or mistyped. */
  | 'invalid_fields';

/** Every rejection reason, so counters can start at zero. */
export const FRAME_REJECT_REASONS: readonly FrameRejectReason[] = [
  'malformed_json',
  'not_an_event',
  'unknown_type',
  'invalid_fields',
];

/** The outcome of {@link parseAriEvent}. */
export type ParseAriEventResult =
  | { ok: true; event: AriEvent }
  | {
      ok: false;
      reason: FrameRejectReason;
      /** The frame's `type`, when it had one. */
      type?: string;
      /** A short human-readable explanation. */
      detail: string;
    };

const MAX_ISSUES = 5;

/** Parses and checks one frame. Never throws. */
export function parseAriEvent(raw: string): ParseAriEventResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: 'malformed_json', detail: (error as Error).message };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'not_an_event', detail: 'frame is not a JSON object' };
  }
  const type = (json as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return { ok: false, reason: 'not_an_event', detail: 'frame has no string "type"' };
  }
  if (!isAriEventType(type)) {
    return { ok: false, reason: 'unknown_type', type, detail: `unconsumed event type ${type}` };
  }
  const result = EVENT_SCHEMAS[type].safeParse(json);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, MAX_ISSUES)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, reason: 'invalid_fields', type, detail };
  }
  return { ok: true, event: result.data };
}
