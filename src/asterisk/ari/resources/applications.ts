/**
 * `/applications` (ARI `applications.json`) for the client's own Stasis
 * application: what it sees, and subscriptions to more event sources.
 */
import type { Gone, GoneResource } from '../errors.ts';
import { applicationSchema } from '../model-schemas.ts';
import type { Application } from '../models.ts';
import { goneOn, json, type RestTransport, segment } from '../rest.ts';

/**
 * An event source: `channel:<id>`, `bridge:<id>`, `endpoint:<tech>/<resource>`
 * (or `endpoint:<tech>` for all of a technology), `deviceState:<name>`.
 */
export type EventSource =
  | `channel:${string}`
  | `bridge:${string}`
  | `endpoint:${string}`
  | `deviceState:${string}`;

/** Application operations, on the client's configured application. */
export interface ApplicationsApi {
  list(): Promise<Application[]>;
  /** The application's state; defaults to the client's own application. */
  get(applicationName?: string): Promise<Application>;
  /**
   * Subscribes to more sources. Subscribing to ONE channel, bridge or
   * endpoint that no longer exists returns {@link Gone}: ARI answers 422
   * "Event source does not exist", the same race as a 404 on the channel.
   */
  subscribe(eventSource: EventSource | readonly EventSource[]): Promise<Application | Gone>;
  unsubscribe(eventSource: EventSource | readonly EventSource[]): Promise<Application>;
}

const GONE_SCHEMES: Readonly<Record<string, GoneResource>> = {
  channel: 'channel',
  bridge: 'bridge',
  endpoint: 'endpoint',
};

/** For a single channel, bridge or endpoint source, 422 means it has gone. */
function sourceGone(sources: EventSource | readonly EventSource[]) {
  const list: readonly string[] = typeof sources === 'string' ? [sources] : sources;
  const [source] = list;
  const colon = source?.indexOf(':') ?? -1;
  const resource = source && list.length === 1 ? GONE_SCHEMES[source.slice(0, colon)] : undefined;
  if (!source || !resource) return () => undefined;
  return goneOn(resource, source.slice(colon + 1), { status: 422 });
}

/** Creates the application operations on `rest` for application `app`. */
export function createApplicationsApi(rest: RestTransport, app: string): ApplicationsApi {
  const subscriptionPath = `/applications/${segment(app)}/subscription`;
  return {
    list: () =>
      rest.request({
        operation: 'applications.list',
        method: 'GET',
        path: '/applications',
        decode: json(applicationSchema.array()),
      }),
    get: (name = app) =>
      rest.request({
        operation: 'applications.get',
        method: 'GET',
        path: `/applications/${segment(name)}`,
        decode: json(applicationSchema),
      }),
    subscribe: (eventSource) =>
      rest.request<Application | Gone>({
        operation: 'applications.subscribe',
        method: 'POST',
        path: subscriptionPath,
        query: { eventSource },
        decode: json(applicationSchema),
        recover: sourceGone(eventSource),
      }),
    unsubscribe: (eventSource) =>
      rest.request({
        operation: 'applications.unsubscribe',
        method: 'DELETE',
        path: subscriptionPath,
        query: { eventSource },
        decode: json(applicationSchema),
      }),
  };
}
