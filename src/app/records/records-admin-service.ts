/**
 * Administration of the records feature: rate tables (RPT-4), the region
 * prefix table (RPT-3) and retention (RPT-6, REC-3). Reading is for the
 * roles that read reports; changing is for admins. Every change is audited
 * and reloads the tables the record writer prices and places calls with.
 */
import type { Rate } from '../../domain/reports/rating.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import { type Actor, requirePermission } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../ports.ts';
import type { RateTable, RetentionSetting } from './ports.ts';
import type { RecordEnricher } from './record-enricher.ts';
import type { Retention, RetentionResult } from './retention.ts';

/** A rate table as given to `saveRateTable` (no id: a new table). */
export interface RateTableInput {
  id?: string;
  businessLineId: string | null;
  name: string;
  currency: string;
  rates: Rate[];
}

/** Creates the admin service; `enricher` and `retention` are absent when not wired (tests). */
export function createRecordsAdminService(deps: {
  store: Store;
  clock: Clock;
  enricher?: RecordEnricher;
  retention?: Retention;
}) {
  const { store, clock } = deps;
  const reports = store.reports;

  async function changed(
    actor: Actor,
    action: string,
    entityId: string | null,
    before: unknown,
    after: unknown,
  ) {
    await store.transaction((tx) =>
      audit(tx, clock, actor, { action, entity: 'Records', entityId, before, after }),
    );
    await deps.enricher?.refresh();
  }

  return {
    async rateTables(actor: Actor): Promise<RateTable[]> {
      requirePermission(actor, 'reports:read');
      return reports.listRateTables();
    },

    async saveRateTable(actor: Actor, input: RateTableInput): Promise<RateTable> {
      requirePermission(actor, 'records:manage');
      const seen = new Set<string>();
      input.rates.forEach((r, i) => {
        const key = `${r.prefix}\n${r.trunk}`;
        if (seen.has(key)) throw invalidField(`rates.${i}`, 'the same prefix and trunk twice');
        seen.add(key);
      });
      if (input.businessLineId !== null && !(await store.businessLines.get(input.businessLineId))) {
        throw invalidField('businessLineId', 'no such business line');
      }
      const before = input.id
        ? (await reports.listRateTables()).find((t) => t.id === input.id)
        : undefined;
      if (input.id && !before) throw notFound('RateTable', input.id);
      const others = (await reports.listRateTables()).filter((t) => t.id !== input.id);
      if (others.some((t) => t.name === input.name)) {
        throw new DomainError('DUPLICATE', `rate table "${input.name}" already exists`, {
          entity: 'RateTable',
          field: 'name',
          value: input.name,
        });
      }
      const saved = await reports.saveRateTable(
        { ...input, id: input.id ?? crypto.randomUUID() },
        clock.now(),
      );
      await changed(
        actor,
        before ? 'rate-table.update' : 'rate-table.create',
        saved.id,
        before ?? null,
        saved,
      );
      return saved;
    },

    async deleteRateTable(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'records:manage');
      const before = (await reports.listRateTables()).find((t) => t.id === id);
      if (!before || !(await reports.deleteRateTable(id))) throw notFound('RateTable', id);
      await changed(actor, 'rate-table.delete', id, before, null);
    },

    async regionPrefixes(actor: Actor) {
      requirePermission(actor, 'reports:read');
      return reports.listRegionPrefixes();
    },

    /** Replaces the whole prefix table (a prefix given twice is refused). */
    async loadRegionPrefixes(
      actor: Actor,
      rows: ReadonlyArray<{ prefix: string; region: string }>,
    ) {
      requirePermission(actor, 'records:manage');
      const cleaned = rows.map((r) => ({
        prefix: r.prefix.trim().replace(/^\+/, ''),
        region: r.region.trim(),
      }));
      const seen = new Set<string>();
      cleaned.forEach((r, i) => {
        if (seen.has(r.prefix))
          throw invalidField(`prefixes.${i}.prefix`, `${r.prefix} is listed twice`);
        seen.add(r.prefix);
      });
      const before = (await reports.listRegionPrefixes()).length;
      await reports.replaceRegionPrefixes(cleaned, clock.now());
      await changed(
        actor,
        'region-prefixes.load',
        null,
        { count: before },
        { count: cleaned.length },
      );
      return reports.listRegionPrefixes();
    },

    async retention(actor: Actor): Promise<RetentionSetting[]> {
      requirePermission(actor, 'reports:read');
      return reports.listRetention();
    },

    async setRetention(
      actor: Actor,
      setting: Omit<RetentionSetting, 'updatedAt'>,
    ): Promise<RetentionSetting> {
      requirePermission(actor, 'records:manage');
      if (
        setting.businessLineId !== null &&
        !(await store.businessLines.get(setting.businessLineId))
      ) {
        throw invalidField('businessLineId', 'no such business line');
      }
      const before = (await reports.listRetention()).find(
        (s) => s.businessLineId === setting.businessLineId,
      );
      const saved = await reports.saveRetention(setting, clock.now());
      await changed(actor, 'retention.set', setting.businessLineId, before ?? null, saved);
      return saved;
    },

    /** Runs a retention pass now (it also runs daily). */
    async runRetention(actor: Actor): Promise<RetentionResult> {
      requirePermission(actor, 'records:manage');
      if (!deps.retention) throw new DomainError('UNAVAILABLE', 'retention is not running');
      return deps.retention.run();
    },
  };
}
