/**
 * Helpers shared by the resource modules for the most common ARI shape: an
 * operation on one resource that answers 204 No Content, or 404 when the
 * resource has gone.
 */
import type { Gone, GoneResource } from '../errors.ts';
import {
  goneOn,
  type HttpMethod,
  noContent,
  type QueryValue,
  type RestTransport,
} from '../rest.ts';

/** One 204 operation on one resource. */
export interface TargetCall {
  operation: string;
  method: HttpMethod;
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  /** The resource the path addresses; its 404 becomes {@link Gone}. */
  resource: GoneResource;
  id: string;
}

/** Sends a {@link TargetCall}: `undefined` on success, {@link Gone} on 404. */
export function targetCall(rest: RestTransport, call: TargetCall): Promise<Gone | undefined> {
  return rest.request<Gone | undefined>({
    operation: call.operation,
    method: call.method,
    path: call.path,
    query: call.query,
    decode: noContent,
    recover: goneOn(call.resource, call.id),
  });
}
