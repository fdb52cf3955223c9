/**
 * The 15-minute rollups: the counters of every finished call that started
 * in one bucket, summed per dimension key (business line, queue, agent,
 * campaign, direction; see RollupGrain) and per caller origin. Reports add rollup rows up;
 * since every counter is a plain sum, any period made of whole buckets
 * gives exactly the KPIs of its raw calls.
 */
import type { CallRecord } from '../call/call-record.ts';
import { addCountersInto, type CallCounters, countersOf, emptyCounters } from './call-facts.ts';

/**
 * Which rows a rollup row sums: `detail` rows keep every dimension; the
 * others keep the business line and one dimension (`line`: none) and sum
 * over the rest, which read as ALL. A report reads the rows of its own
 * dimension only, a few per bucket, whatever the number of agents.
 */
export type RollupGrain = 'detail' | 'queue' | 'agent' | 'campaign' | 'direction' | 'line';

/** Every grain, detail first. */
export const GRAINS: readonly RollupGrain[] = [
  'detail',
  'queue',
  'agent',
  'campaign',
  'direction',
  'line',
];

/** Stands for "all values" in a dimension a grain sums over. */
export const ALL = '*';

/** The dimensions of a call rollup row ('' = none, ALL = summed over). */
export interface RollupKey {
  grain: RollupGrain;
  businessLineId: string;
  queueId: string;
  agentId: string;
  campaignId: string;
  direction: string;
}

/** One call rollup row. */
export interface RollupRow {
  key: RollupKey;
  counters: CallCounters;
}

/** Caller-origin counters of a region rollup row. */
export interface RegionCounters {
  calls: number;
  answered: number;
  abandoned: number;
  talkMs: number;
  costMicros: number;
}

/** One region rollup row ('' = unknown). */
export interface RegionRow {
  key: { businessLineId: string; country: string; region: string; numberType: string };
  counters: RegionCounters;
}

/** The key of `call` in `grain`. */
function keyOf(call: CallRecord, grain: RollupGrain): RollupKey {
  const keep = (dimension: RollupGrain, value: string) =>
    grain === 'detail' || grain === dimension ? value : ALL;
  return {
    grain,
    businessLineId: call.businessLineId ?? '',
    queueId: keep('queue', call.queueId ?? ''),
    agentId: keep('agent', call.agentId ?? ''),
    campaignId: keep('campaign', call.campaignId ?? ''),
    direction: keep('direction', call.direction),
  };
}

const text = (key: object) => JSON.stringify(key);

/** Call rollup rows of `calls` in every grain; `slOf` gives a queue's service-level seconds. */
export function rollupRows(
  calls: readonly CallRecord[],
  slOf: (queueId: string) => number | null,
): RollupRow[] {
  // Sums are kept in place in this local map: a bucket can hold thousands of calls.
  const rows = new Map<string, RollupRow>();
  for (const call of calls) {
    if (call.endedAt === null) continue;
    const counters = countersOf(call, call.queueId === null ? null : slOf(call.queueId));
    for (const grain of GRAINS) {
      const key = keyOf(call, grain);
      const id = text(key);
      const known = rows.get(id);
      if (known) addCountersInto(known.counters, counters);
      else rows.set(id, { key, counters: addCountersInto(emptyCounters(), counters) });
    }
  }
  return [...rows.values()];
}

/** Region rollup rows of the finished inbound calls among `calls`. */
export function regionRows(calls: readonly CallRecord[]): RegionRow[] {
  const rows = new Map<string, RegionRow>();
  for (const call of calls) {
    if (call.endedAt === null || call.direction !== 'inbound') continue;
    const c = countersOf(call, null);
    const key = {
      businessLineId: call.businessLineId ?? '',
      country: call.callerCountry ?? '',
      region: call.callerRegion ?? '',
      numberType: call.callerNumberType ?? '',
    };
    const known = rows.get(text(key))?.counters;
    rows.set(text(key), {
      key,
      counters: {
        calls: (known?.calls ?? 0) + 1,
        answered: (known?.answered ?? 0) + (call.answeredAt !== null ? 1 : 0),
        abandoned: (known?.abandoned ?? 0) + c.abandoned,
        talkMs: (known?.talkMs ?? 0) + c.talkMs,
        costMicros: (known?.costMicros ?? 0) + c.costMicros,
      },
    });
  }
  return [...rows.values()];
}
