/**
 * Sends webhook deliveries over HTTP(S): one POST with a JSON body, the
 * signature, the event type and the delivery id as idempotency key, cut off
 * after a timeout. Any answer outside 2xx, a refused connection or a timeout
 * is a failed attempt for the dispatcher to retry.
 */
import type { WebhookSender } from '../app/webhooks/ports.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts';

/** The idempotency header: the same delivery id on every retry of a delivery. */
export const DELIVERY_HEADER = 'Idempotency-Key';
/** The event type header. */
export const EVENT_HEADER = 'Callwright-Event';

/** Longest part of a receiver's error answer kept in the delivery log. */
const MAX_ANSWER = 300;

/** A sender over `fetch`, waiting at most `timeoutMs` for an answer. */
export function createHttpSender(timeoutMs: number): WebhookSender {
  return async (request) => {
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'callwright-webhooks',
          [SIGNATURE_HEADER]: signatureHeader(request.secret, request.timestampS, request.body),
          [DELIVERY_HEADER]: request.deliveryId,
          [EVENT_HEADER]: request.eventType,
        },
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text().catch(() => '');
      if (response.status >= 200 && response.status < 300) {
        return { statusCode: response.status, error: null };
      }
      return {
        statusCode: response.status,
        error: `HTTP ${response.status}${text ? `: ${text.slice(0, MAX_ANSWER)}` : ''}`,
      };
    } catch (error) {
      return { statusCode: null, error: describe(error) };
    }
  };
}

/** fetch hides the socket error under `cause`; the log should show it. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${error.message}: ${cause.message}`;
  return error.message;
}
