/**
 * The call firewall through the API (IVR-3): block and VIP entries of a
 * business line (numbers, prefixes, withheld numbers), stored in E.164 as
 * read in the line's default country, with how many calls each decided.
 */
import {
  checkCaller,
  type FirewallList,
  type FirewallMatch,
  type FirewallVerdict,
  normaliseFirewallValue,
} from '../../domain/ivr/firewall.ts';
import type { IvrFirewallRecord } from '../../domain/ivr/ivr.records.ts';
import { invalidField, notFound } from '../../domain/shared/errors.ts';
import type { Actor } from '../actor.ts';
import { requirePermission, scopeOf, seesLine } from '../actor.ts';
import type { PageRequest } from '../ports.ts';
import {
  auditedIvrChange,
  type IvrServiceDeps,
  ivrStoreOf,
  readable,
  requireOnLine,
  visibleOr,
} from './service-deps.ts';

/** Input of addIvrFirewallEntry. */
export interface FirewallEntryRaw {
  businessLineId: string;
  list: FirewallList;
  match: FirewallMatch;
  /** A number (national forms read in the line's country), a `+` prefix, or '' for anonymous. */
  value: string;
  label?: string | null;
}

const cleanLabel = (label: string | null | undefined): string | null => {
  const text = label?.trim() ?? '';
  if (text.length > 255) throw invalidField('label', 'must be at most 255 characters');
  return text === '' ? null : text;
};

/** Creates the firewall service. */
export function createIvrFirewallService(deps: IvrServiceDeps) {
  const ivr = () => ivrStoreOf(deps);
  return {
    async list(
      actor: Actor,
      filter: { businessLineId?: string; list?: FirewallList },
      page: PageRequest,
    ) {
      requirePermission(actor, 'config:read');
      const scope = scopeOf(actor);
      const lines =
        filter.businessLineId === undefined
          ? scope.businessLineIds
          : [filter.businessLineId].filter((l) => seesLine(actor, l));
      return ivr().firewall.list(
        {
          ...(lines !== undefined && { businessLineIds: lines }),
          ...(filter.list && { list: filter.list }),
        },
        page,
      );
    },
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await ivr().firewall.getMany(ids);
      return ids.map((id) =>
        rows.find((e) => e.id === id && readable(actor, 'config:read', e.businessLineId)),
      );
    },
    async add(actor: Actor, raw: FirewallEntryRaw) {
      requireOnLine(actor, 'config:write', raw.businessLineId);
      const line = await deps.store.businessLines.get(raw.businessLineId);
      if (!line)
        throw invalidField('businessLineId', `business line ${raw.businessLineId} not found`);
      const value = normaliseFirewallValue(raw.match, raw.value, line.defaultCountry);
      return (await auditedIvrChange<IvrFirewallRecord>(
        deps,
        actor,
        'ivrFirewall.add',
        'IvrFirewallEntry',
        async (tx) => ({
          after: await tx.firewall.create({
            businessLineId: raw.businessLineId,
            list: raw.list,
            match: raw.match,
            value,
            label: cleanLabel(raw.label),
          }),
        }),
      ))!;
    },
    async update(actor: Actor, id: string, label: string | null) {
      return (await auditedIvrChange<IvrFirewallRecord>(
        deps,
        actor,
        'ivrFirewall.update',
        'IvrFirewallEntry',
        async (tx) => {
          const before = visibleOr(actor, 'IvrFirewallEntry', id, await tx.firewall.get(id));
          requireOnLine(actor, 'config:write', before.businessLineId);
          return { before, after: await tx.firewall.update(id, { label: cleanLabel(label) }) };
        },
      ))!;
    },
    async remove(actor: Actor, id: string) {
      await auditedIvrChange<IvrFirewallRecord>(
        deps,
        actor,
        'ivrFirewall.remove',
        'IvrFirewallEntry',
        async (tx) => {
          const before = visibleOr(actor, 'IvrFirewallEntry', id, await tx.firewall.get(id));
          requireOnLine(actor, 'config:write', before.businessLineId);
          await tx.firewall.delete(id);
          return { before, after: null };
        },
      );
      return id;
    },
    /** What the firewall would do with a call from `number` on the line (nothing is counted). */
    async check(actor: Actor, businessLineId: string, number: string): Promise<FirewallVerdict> {
      requirePermission(actor, 'config:read');
      if (!seesLine(actor, businessLineId)) throw notFound('BusinessLine', businessLineId);
      const line = await deps.store.businessLines.get(businessLineId);
      if (!line) throw notFound('BusinessLine', businessLineId);
      const entries = await ivr().firewall.listForLine(businessLineId);
      return checkCaller({ businessLineId, defaultCountry: line.defaultCountry, entries }, number);
    },
  };
}

/** The firewall service's operations. */
export type IvrFirewallService = ReturnType<typeof createIvrFirewallService>;
