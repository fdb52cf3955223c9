/**
 * VIP callers of a business line (ACD-2, ACD-4) as the API changes them: a
 * number (national numbers are read in the line's country) or a number
 * block (`+3361234*`), a label, and optionally the agents of the line who
 * serve that caller first. Changes reach the running ACD once committed.
 */
import type { VipCaller } from '../../domain/acd/routing.records.ts';
import { isVipNumber } from '../../domain/acd/vip.ts';
import { DomainError, notFound } from '../../domain/shared/errors.ts';
import { normalisePhone } from '../../domain/shared/phone.ts';
import { can } from '../../domain/shared/roles.ts';
import { type Actor, requireLine, requirePermission, scopeOf, seesLine } from '../actor.ts';
import type { PageRequest, Repositories } from '../ports.ts';
import { auditedChange, type DirectoryDeps } from './deps.ts';

/** A VIP entry as the API receives it. */
export interface VipCallerInputRaw {
  businessLineId: string;
  number: string;
  label?: string | null;
  dedicatedAgentIds?: readonly string[] | null;
}

type Problem = { path: string; message: string };

/** E.164 for a number, `+digits*` kept for a block; a problem otherwise. */
function numberOf(raw: string, country: string, problems: Problem[]): string {
  const trimmed = raw.trim();
  if (trimmed.endsWith('*')) {
    if (!isVipNumber(trimmed)) {
      problems.push({
        path: 'number',
        message: 'a number block is + and digits then *, e.g. +3361234*',
      });
    }
    return trimmed;
  }
  try {
    return normalisePhone(trimmed, country).e164;
  } catch (error) {
    problems.push({ path: 'number', message: error instanceof Error ? error.message : 'invalid' });
    return trimmed;
  }
}

async function checkAgents(
  tx: Repositories,
  lineId: string,
  agentIds: readonly string[],
  problems: Problem[],
): Promise<void> {
  const agents = await tx.agents.getMany(agentIds);
  agentIds.forEach((id, i) => {
    const agent = agents.find((a) => a.id === id);
    if (agent === undefined)
      problems.push({ path: `dedicatedAgentIds.${i}`, message: 'agent not found' });
    else if (agent.businessLineId !== lineId) {
      problems.push({
        path: `dedicatedAgentIds.${i}`,
        message: "the agent is another business line's",
      });
    }
  });
  if (new Set(agentIds).size !== agentIds.length) {
    problems.push({ path: 'dedicatedAgentIds', message: 'lists an agent twice' });
  }
}

function refuse(problems: Problem[]): void {
  if (problems.length === 0) return;
  throw new DomainError(
    'VALIDATION_FAILED',
    problems.map((p) => `${p.path}: ${p.message}`).join('; '),
    { fields: problems },
  );
}

/** Creates the VIP caller service. */
export function createVipCallerService(deps: DirectoryDeps) {
  const { store } = deps;
  const reload = () => deps.acd?.reloadConfig({ vip: true });

  async function getForChange(tx: Repositories, actor: Actor, id: string) {
    const entry = await tx.vipCallers.get(id);
    if (entry === undefined || !seesLine(actor, entry.businessLineId))
      throw notFound('VipCaller', id);
    return entry;
  }

  async function countryOf(tx: Repositories, lineId: string): Promise<string | null> {
    return (await tx.businessLines.get(lineId))?.defaultCountry ?? null;
  }

  return {
    async list(actor: Actor, filter: { businessLineId?: string | null }, page: PageRequest) {
      requirePermission(actor, 'config:read');
      const lineId = filter.businessLineId;
      if (lineId == null) return store.vipCallers.list(scopeOf(actor), page);
      if (!seesLine(actor, lineId)) return [];
      return store.vipCallers.list({ businessLineIds: [lineId] }, page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await store.vipCallers.getMany(ids);
      return ids.map((id) =>
        rows.find(
          (r) => r.id === id && can(actor.role, 'config:read') && seesLine(actor, r.businessLineId),
        ),
      );
    },
    async create(actor: Actor, raw: VipCallerInputRaw) {
      requirePermission(actor, 'config:write');
      requireLine(actor, raw.businessLineId);
      const entry = (await auditedChange<VipCaller>(
        deps,
        actor,
        'vipCaller.create',
        'VipCaller',
        async (tx) => {
          const problems: Problem[] = [];
          const country = await countryOf(tx, raw.businessLineId);
          if (country === null)
            problems.push({ path: 'businessLineId', message: 'business line not found' });
          const number = numberOf(raw.number, country ?? 'US', problems);
          const agentIds = raw.dedicatedAgentIds ?? [];
          await checkAgents(tx, raw.businessLineId, agentIds, problems);
          refuse(problems);
          const after = await tx.vipCallers.create({
            businessLineId: raw.businessLineId,
            number,
            label: raw.label?.trim() ?? '',
            dedicatedAgentIds: [...agentIds],
          });
          return { after };
        },
      ))!;
      await reload();
      return entry;
    },
    async update(
      actor: Actor,
      id: string,
      patch: {
        number?: string | null;
        label?: string | null;
        dedicatedAgentIds?: readonly string[] | null;
      },
    ) {
      requirePermission(actor, 'config:write');
      const entry = (await auditedChange<VipCaller>(
        deps,
        actor,
        'vipCaller.update',
        'VipCaller',
        async (tx) => {
          const before = await getForChange(tx, actor, id);
          const problems: Problem[] = [];
          const country = (await countryOf(tx, before.businessLineId)) ?? 'US';
          const number =
            patch.number == null ? undefined : numberOf(patch.number, country, problems);
          const agentIds = patch.dedicatedAgentIds ?? undefined;
          if (agentIds !== undefined)
            await checkAgents(tx, before.businessLineId, agentIds, problems);
          refuse(problems);
          const after = await tx.vipCallers.update(id, {
            ...(number === undefined ? {} : { number }),
            ...(patch.label == null ? {} : { label: patch.label.trim() }),
            ...(agentIds === undefined ? {} : { dedicatedAgentIds: [...agentIds] }),
          });
          return { before, after };
        },
      ))!;
      await reload();
      return entry;
    },
    async delete(actor: Actor, id: string) {
      requirePermission(actor, 'config:write');
      await auditedChange<VipCaller>(deps, actor, 'vipCaller.delete', 'VipCaller', async (tx) => {
        const before = await getForChange(tx, actor, id);
        await tx.vipCallers.delete(id);
        return { before, after: null };
      });
      await reload();
      return id;
    },
  };
}

/** The VIP caller service's operations. */
export type VipCallerService = ReturnType<typeof createVipCallerService>;
