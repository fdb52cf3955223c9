/**
 * Derives what the record writer stores beside each call record: the
 * caller's country, region and number type (region.ts) and the call's cost
 * (rating.ts). It works from tables kept in memory (rate tables, the
 * region prefix table, business lines' default countries), reloaded by
 * `refresh()`: after every change through the API, and periodically.
 *
 * A rate table of the call's business line prices it; without one, the
 * table of no business line (the default) does.
 */
import type { RecordInput } from '../../domain/call/record-entry.ts';
import { costOf, type Rate } from '../../domain/reports/rating.ts';
import {
  type CallerOrigin,
  compileRegions,
  originOf,
  type RegionTable,
} from '../../domain/reports/region.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';

/** The enricher: a pure function over the last loaded tables, and its reload. */
export interface RecordEnricher {
  enrich(record: RecordInput): RecordInput;
  refresh(): Promise<void>;
}

/** Numbers whose origin is kept: a call's record is written several times as it goes on. */
const ORIGINS_KEPT = 10_000;

interface Tables {
  rates: Map<string | null, Rate[]>;
  regions: RegionTable;
  countries: Map<string, string>;
}

/** Creates an enricher over the store's tables (empty until the first refresh). */
export function createRecordEnricher(deps: { store: Store; logger: Logger }): RecordEnricher {
  const log = deps.logger.child({ component: 'record-enricher' });
  let tables: Tables = { rates: new Map(), regions: compileRegions([]), countries: new Map() };
  /** Origins by country and number, for the current tables; the oldest entry goes first. */
  let origins = new Map<string, CallerOrigin>();

  // Reading a number takes libphonenumber a tenth of a millisecond: once per number, not per write.
  const originOfCaller = (ani: string, country: string | undefined): CallerOrigin => {
    const key = `${country ?? ''}|${ani}`;
    const known = origins.get(key);
    if (known !== undefined) return known;
    const origin = originOf(ani, tables.regions, country);
    if (origins.size >= ORIGINS_KEPT) origins.delete(origins.keys().next().value as string);
    origins.set(key, origin);
    return origin;
  };

  return {
    enrich(record) {
      const inbound = record.direction === 'inbound';
      const country = record.businessLineId
        ? tables.countries.get(record.businessLineId)
        : undefined;
      const origin = inbound ? originOfCaller(record.ani, country) : null;
      const rates = tables.rates.get(record.businessLineId) ?? tables.rates.get(null);
      const cost = rates ? costOf(record, rates) : null;
      return {
        ...record,
        ...(origin
          ? {
              callerCountry: origin.country,
              callerRegion: origin.region,
              callerNumberType: origin.numberType,
            }
          : {}),
        ...(cost !== null ? { costMicros: cost } : {}),
      };
    },
    async refresh() {
      const [rateTables, prefixes, lines] = await Promise.all([
        deps.store.reports.listRateTables(),
        deps.store.reports.listRegionPrefixes(),
        deps.store.businessLines.list({}, { offset: 0, limit: 10_000 }),
      ]);
      const rates = new Map<string | null, Rate[]>();
      for (const t of rateTables) {
        // Several tables for one line: the first by name prices (listRateTables sorts by name).
        if (!rates.has(t.businessLineId)) rates.set(t.businessLineId, t.rates);
      }
      tables = {
        rates,
        regions: compileRegions(prefixes),
        countries: new Map(lines.map((l) => [l.id, l.defaultCountry])),
      };
      origins = new Map();
      log.debug(
        { rateTables: rateTables.length, prefixes: prefixes.length },
        'record tables loaded',
      );
    },
  };
}
