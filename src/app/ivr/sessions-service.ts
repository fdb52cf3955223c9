/**
 * Recorded IVR sessions for people who read calls: each call's way through
 * the IVR (firewall verdict, schedule period, path, errors), listed or
 * found by the call's channel (its call record's linked id).
 */
import type { IvrSession } from '../../domain/ivr/ivr.records.ts';
import type { Actor } from '../actor.ts';
import { requirePermission, scopeOf } from '../actor.ts';
import type { PageRequest } from '../ports.ts';
import { type IvrServiceDeps, ivrStoreOf, readable } from './service-deps.ts';

const visible = (actor: Actor, s: IvrSession) =>
  s.businessLineId !== null && readable(actor, 'calls:read-all', s.businessLineId);

/** Creates the session service. */
export function createIvrSessionService(deps: IvrServiceDeps) {
  const ivr = () => ivrStoreOf(deps);
  return {
    async list(
      actor: Actor,
      filter: { flowKey?: string; from?: number; to?: number },
      page: PageRequest,
    ) {
      requirePermission(actor, 'calls:read-all');
      return ivr().sessions.list({ ...filter, ...scopeOf(actor) }, page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await ivr().sessions.getMany(ids);
      return ids.map((id) => rows.find((s) => s.id === id && visible(actor, s)));
    },
    /**
     * Sessions of calls by their caller channel (the call record's linked
     * id), oldest first. The caller already may read the call; sessions of
     * lines the actor does not see are left out.
     */
    async ofChannels(actor: Actor, channelIds: readonly string[]) {
      if (deps.ivr === undefined) return [];
      const rows = await ivr().sessions.getByChannelIds(channelIds);
      return rows.filter(
        (s) =>
          s.businessLineId === null ||
          readable(actor, 'calls:read-own', s.businessLineId) ||
          visible(actor, s),
      );
    },
    pathOf: (sessionIds: readonly string[]) => ivr().sessions.pathOf(sessionIds),
  };
}

/** The session service's operations. */
export type IvrSessionService = ReturnType<typeof createIvrSessionService>;
