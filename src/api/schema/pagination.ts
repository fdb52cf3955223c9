/** Offset-based Relay connections over the services' page requests. */
import { resolveOffsetConnection } from '@pothos/plugin-relay';
import type { PageRequest } from '../../app/ports.ts';

/** Relay connection arguments as Pothos passes them. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  before?: string | null;
  after?: string | null;
}

/** Largest page a client may ask for. */
export const MAX_PAGE = 200;

/** Resolves a connection from a `(page) => rows` loader. */
export function pageOf<T>(args: ConnectionArgs, load: (page: PageRequest) => Promise<T[]>) {
  return resolveOffsetConnection(
    { args, defaultSize: 50, maxSize: MAX_PAGE },
    ({ offset, limit }) => load({ offset, limit }),
  );
}
