/**
 * The screen pop (AGT-1): what an agent's screen shows when an offer rings
 * its phone. Built once per offer by the publisher, not per subscriber:
 * the contact the caller's number belongs to, whether the number called
 * before, and its last five calls with dispositions and notes; the IVR
 * path the caller took; the queue's disposition codes for the wrap-up.
 * Everything is looked up inside the call's business line only (ACD-11).
 */

import type { WrapUpSettings } from '../../domain/acd/disposition.ts';
import type { Contact } from '../../domain/directory/entities.ts';
import { e164OrNull } from '../../domain/shared/phone.ts';
import type { CallLiveView } from '../acd/live-view.ts';
import { settingsOf } from '../acd/queue-settings.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../ports.ts';
import type { IvrPathLookup } from './ivr-paths.ts';
import type { PastCall, ScreenPopMessage } from './live-events.ts';
import { queueNameOf } from './queue-names.ts';
import { createTtlCache } from './ttl-cache.ts';

/** Earlier calls shown in a pop. */
export const POP_HISTORY = 5;

/** The caller's number in E.164 read in the line's country, or null when it is not a number. */
function e164Of(ani: string, defaultCountry: string | undefined): string | null {
  if (ani.trim() === '') return null;
  // Trunks mostly send E.164 already: that is the form contacts are stored in.
  if (/^\+[1-9]\d{6,14}$/.test(ani)) return ani;
  return e164OrNull(ani, defaultCountry);
}

async function contactOf(store: Store, lineId: string, e164: string | null) {
  if (e164 === null) return null;
  const found = await store.contacts.findByPhone(lineId, e164);
  return found[0] ?? null;
}

/** The number's earlier calls, newest first, with agent and queue names. */
async function historyOf(
  store: Store,
  call: CallLiveView,
  numbers: readonly string[],
): Promise<PastCall[]> {
  if (numbers.length === 0) return [];
  const filter = { businessLineIds: [call.businessLineId], anis: numbers };
  const records = (await store.calls.list(filter, { offset: 0, limit: POP_HISTORY + 1 }))
    .filter((r) => r.linkedId !== call.callId)
    .slice(0, POP_HISTORY);
  const agentIds = [...new Set(records.flatMap((r) => (r.agentId ? [r.agentId] : [])))];
  const queueIds = [...new Set(records.flatMap((r) => (r.queueId ? [r.queueId] : [])))];
  const [agents, queues] = await Promise.all([
    agentIds.length ? store.agents.getMany(agentIds) : [],
    queueIds.length ? store.queues.getMany(queueIds) : [],
  ]);
  const nameOf = (list: ReadonlyArray<{ id: string; name: string }>, id: string | null) =>
    list.find((x) => x.id === id)?.name ?? null;
  return records.map((r) => ({
    recordId: r.id,
    startedAt: r.startedAt,
    answeredAt: r.answeredAt,
    endedAt: r.endedAt,
    agentName: nameOf(agents, r.agentId),
    queueName: nameOf(queues, r.queueId),
    disposition: r.disposition,
    notes: r.notes,
  }));
}

/** How long a business line's country and a queue's name are reused. */
const NAMES_TTL_MS = 60_000;

/** The IVR path of a call when no IVR is wired in. */
const NO_IVR: IvrPathLookup = async () => [];

/**
 * Builds screen pops; what rarely changes (a line's country, a queue's name
 * and codes) is cached. `ivrPaths` finds the IVR path of a call.
 */
export function createScreenPops(store: Store, clock: Clock, ivrPaths: IvrPathLookup = NO_IVR) {
  const countries = createTtlCache(NAMES_TTL_MS, clock, async (lineId) => {
    return (await store.businessLines.get(lineId))?.defaultCountry;
  });
  const queueNames = createTtlCache(NAMES_TTL_MS, clock, (queueId) => queueNameOf(store, queueId));
  const wrapUps = createTtlCache(NAMES_TTL_MS, clock, async (queueId) => {
    const [settings] = await settingsOf(store, [queueId]);
    return settings?.wrapUp;
  });
  return {
    /** The pop for `agentId`, whose phone rings for `call` since `at`. */
    build: async (agentId: string, call: CallLiveView, at: number) =>
      buildScreenPop(store, agentId, call, at, {
        country: await countries.get(call.businessLineId),
        queueName: queueNames.get(call.queueId),
        // Extras of the pop: without them the agent still gets the caller (and any code goes).
        wrapUp: wrapUps.get(call.queueId).catch(() => undefined),
        ivrPath: ivrPaths(call.callId).catch(() => []),
      }),
  };
}

/** Builds the pop for `agentId`, whose phone rings for `call` since `at`. */
async function buildScreenPop(
  store: Store,
  agentId: string,
  call: CallLiveView,
  at: number,
  known: {
    country: string | undefined;
    queueName: Promise<string>;
    wrapUp: Promise<WrapUpSettings | undefined>;
    ivrPath: Promise<string[]>;
  },
): Promise<ScreenPopMessage> {
  const e164 = e164Of(call.ani, known.country);
  const numbers = [...new Set([call.ani, e164].filter((n): n is string => !!n))];
  const [contact, history, queueName, wrapUp, ivrPath] = await Promise.all([
    contactOf(store, call.businessLineId, e164),
    historyOf(store, call, numbers),
    known.queueName,
    known.wrapUp,
    known.ivrPath,
  ]);
  return {
    type: 'screen-pop',
    agentId,
    callId: call.callId,
    ani: call.ani,
    dnis: call.dnis,
    queueId: call.queueId,
    queueName,
    waitS: Math.max(0, Math.round((at - call.waitingSince) / 1000)),
    contact: contact as Contact | null,
    returning: history.length > 0,
    history,
    ivrPath,
    dispositions: wrapUp?.dispositions ?? [],
    dispositionRequired: wrapUp?.dispositionRequired ?? false,
    at,
  };
}
