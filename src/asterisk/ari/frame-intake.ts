/**
 * The edge where raw WebSocket frames become events: a rejected frame is
 * logged (with a truncated copy) and counted, never thrown into the app.
 * A broken frame is a warning; an event type callwright does not consume
 * is not (Asterisk sends many: PlaybackContinuing, ChannelVarset...): it is
 * counted and logged at debug level only.
 */
import type { Logger } from '../../app/logger.ts';
import { parseAriEvent } from './event-parser.ts';
import type { AriEvent } from './events.ts';
import type { AriMetrics } from './metrics.ts';

/** How much of a rejected frame goes into the log line. */
export const LOGGED_FRAME_MAX_CHARS = 512;

/** Turns a raw frame into an event, or `undefined` after logging and counting it. */
export type FrameIntake = (raw: string) => AriEvent | undefined;

/** Cuts `raw` to {@link LOGGED_FRAME_MAX_CHARS}, marking the cut. */
export function truncateFrame(raw: string): string {
  if (raw.length <= LOGGED_FRAME_MAX_CHARS) return raw;
  return `${raw.slice(0, LOGGED_FRAME_MAX_CHARS)}...(${raw.length} chars)`;
}

/** Creates the intake for one client. */
export function createFrameIntake(deps: { logger: Logger; metrics: AriMetrics }): FrameIntake {
  const { logger, metrics } = deps;
  return (raw) => {
    const result = parseAriEvent(raw);
    if (result.ok) {
      metrics.events.inc({ type: result.event.type });
      return result.event;
    }
    metrics.framesRejected.inc({ reason: result.reason });
    const level = result.reason === 'unknown_type' ? 'debug' : 'warn';
    logger[level](
      {
        reason: result.reason,
        type: result.type,
        detail: result.detail,
        frame: truncateFrame(raw),
      },
      'ARI frame rejected',
    );
    return undefined;
  };
}
