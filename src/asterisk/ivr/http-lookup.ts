/**
 * HTTP for the IVR's lookup nodes (order status, balance...), on Node's
 * fetch. It sits with the IVR's other adapters because it is I/O the
 * FastAGI runtime drives. A lookup that does not answer in time, cannot
 * connect, or sends more than {@link MAX_BODY_BYTES} comes back as
 * `lookup-error` with a stable reason; any HTTP answer (500 included) as
 * `lookup-result`, and the interpreter decides.
 */
import type { LookupHttp } from '../../app/ivr/ports.ts';
import type { LookupRequest } from '../../domain/ivr/flow.step.ts';

/** Largest answer read; a self-service lookup returns a few fields. */
export const MAX_BODY_BYTES = 256 * 1024;

async function readLimited(response: Response): Promise<string | null> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reasonOf(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  return name === 'TimeoutError' || name === 'AbortError' ? 'TIMEOUT' : 'UNREACHABLE';
}

/** Lookups over fetch. */
export function createHttpLookup(): LookupHttp {
  return {
    async request(request: LookupRequest) {
      const signal = AbortSignal.timeout(request.timeoutMs);
      try {
        const response = await fetch(request.url, {
          method: request.method,
          headers: {
            accept: 'application/json',
            ...(request.body === null ? {} : { 'content-type': 'application/json' }),
            ...request.headers,
          },
          ...(request.body === null ? {} : { body: JSON.stringify(request.body) }),
          redirect: 'error',
          signal,
        });
        const body = await readLimited(response);
        if (body === null) return { type: 'lookup-error', reason: 'TOO_LARGE' };
        return { type: 'lookup-result', status: response.status, body };
      } catch (error) {
        return { type: 'lookup-error', reason: reasonOf(error) };
      }
    },
  };
}
