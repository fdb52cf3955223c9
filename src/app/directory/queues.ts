/**
 * Queues and memberships. A queue belongs to one business line and only
 * agents of that line may join it (ACD-11: lines never take each other's agents).
 */
import type { AcdQueueSettingsInput } from '../../domain/acd/acd.types.ts';
import {
  QUEUE_STRATEGIES,
  type Queue,
  type QueueMembership,
  type QueueSkill,
  type QueueStrategy,
} from '../../domain/directory/entities.ts';
import { checkSkillLevel, normaliseName } from '../../domain/directory/validation.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import { can } from '../../domain/shared/roles.ts';
import { checkedSettings, settingsOf } from '../acd/queue-settings.ts';
import { type Actor, requireLine, requirePermission, scopeOf, seesLine } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { PageRequest, QueueInput, Repositories } from '../ports.ts';
import { auditedChange, type DirectoryDeps, stripUndefined } from './deps.ts';

/** Queue fields as the API receives them; omitted settings take defaults. */
export interface QueueInputRaw {
  businessLineId: string;
  name: string;
  strategy?: QueueStrategy;
  ringTimeoutS?: number;
  maxWaitS?: number | null;
  maxLength?: number | null;
  wrapUpS?: number;
  serviceLevelS?: number;
  serviceLevelTarget?: number;
  requiredSkills?: readonly QueueSkill[];
  /** ACD settings to change (merged into the stored ones); see `acd/queue-settings.ts`. */
  acdSettings?: AcdQueueSettingsInput;
}

const DEFAULTS = {
  strategy: 'longest-idle' as QueueStrategy,
  ringTimeoutS: 15,
  maxWaitS: null,
  maxLength: null,
  wrapUpS: 10,
  serviceLevelS: 20,
  serviceLevelTarget: 0.8,
};

function range(field: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw invalidField(field, `${value} must be between ${min} and ${max}`);
  }
  return value;
}

async function clean(tx: Repositories, raw: QueueInputRaw): Promise<QueueInput> {
  if (!(await tx.businessLines.get(raw.businessLineId))) {
    throw invalidField('businessLineId', `business line ${raw.businessLineId} not found`);
  }
  const v = { ...DEFAULTS, ...stripUndefined(raw) };
  if (!QUEUE_STRATEGIES.includes(v.strategy)) {
    throw invalidField('strategy', `must be one of ${QUEUE_STRATEGIES.join(', ')}`);
  }
  const skills = raw.requiredSkills ?? [];
  const known = await tx.skills.getMany(skills.map((s) => s.skillId));
  for (const [i, s] of skills.entries()) {
    if (!known.some((k) => k.id === s.skillId)) {
      throw invalidField(`requiredSkills[${i}].skillId`, `skill ${s.skillId} not found`);
    }
    checkSkillLevel(`requiredSkills[${i}].minLevel`, s.minLevel);
  }
  return {
    businessLineId: raw.businessLineId,
    name: normaliseName('name', raw.name),
    strategy: v.strategy,
    ringTimeoutS: range('ringTimeoutS', v.ringTimeoutS, 1, 600),
    maxWaitS: v.maxWaitS === null ? null : range('maxWaitS', v.maxWaitS, 1, 86_400),
    maxLength: v.maxLength === null ? null : range('maxLength', v.maxLength, 1, 100_000),
    wrapUpS: range('wrapUpS', v.wrapUpS, 0, 3600),
    serviceLevelS: range('serviceLevelS', v.serviceLevelS, 1, 3600),
    serviceLevelTarget: range('serviceLevelTarget', v.serviceLevelTarget, 0, 1),
    requiredSkills: skills,
  };
}

/** Checks and stores a queue's ACD settings patch in `tx`, with its own audit entry. */
async function saveAcdSettings(
  tx: Repositories,
  clock: Clock,
  actor: Actor,
  queue: Queue,
  patch: AcdQueueSettingsInput,
): Promise<void> {
  const line = await tx.businessLines.get(queue.businessLineId);
  const before = (await settingsOf(tx, [queue.id]))[0];
  const checked = await checkedSettings(tx, queue, patch, line?.defaultCountry ?? 'US');
  await tx.queueSettings.put(queue.id, checked.stored);
  await audit(tx, clock, actor, {
    action: 'queue.acdSettings',
    entity: 'Queue',
    entityId: queue.id,
    before,
    after: checked.settings,
  });
}

/** True when the actor may read this queue. */
const seesQueue = (actor: Actor, queue: Queue): boolean =>
  can(actor.role, 'config:read') && seesLine(actor, queue.businessLineId);

/** Creates the queue service. */
export function createQueueService(deps: DirectoryDeps) {
  const { store } = deps;

  async function getForChange(tx: Repositories, actor: Actor, id: string): Promise<Queue> {
    const queue = await tx.queues.get(id);
    if (!queue || !seesLine(actor, queue.businessLineId)) throw notFound('Queue', id);
    return queue;
  }

  return {
    async list(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'config:read');
      return store.queues.list(scopeOf(actor), page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await store.queues.getMany(ids);
      return ids.map((id) => rows.find((q) => q.id === id && seesQueue(actor, q)));
    },
    async create(actor: Actor, raw: QueueInputRaw) {
      requirePermission(actor, 'config:write');
      requireLine(actor, raw.businessLineId);
      const { acdSettings, ...fields } = raw;
      const queue = (await auditedChange<Queue>(
        deps,
        actor,
        'queue.create',
        'Queue',
        async (tx) => {
          const after = await tx.queues.create(await clean(tx, fields));
          if (acdSettings !== undefined)
            await saveAcdSettings(tx, deps.clock, actor, after, acdSettings);
          return { after };
        },
      ))!;
      await deps.acd?.reloadConfig({ queueIds: [queue.id] });
      return queue;
    },
    async update(actor: Actor, id: string, patch: Partial<QueueInputRaw>) {
      requirePermission(actor, 'config:write');
      const { acdSettings, ...fields } = patch;
      const queue = (await auditedChange<Queue>(
        deps,
        actor,
        'queue.update',
        'Queue',
        async (tx) => {
          const before = await getForChange(tx, actor, id);
          if (fields.businessLineId && fields.businessLineId !== before.businessLineId) {
            throw invalidField('businessLineId', 'a queue cannot move to another business line');
          }
          const input = await clean(tx, { ...before, ...stripUndefined(fields) });
          const after = await tx.queues.update(id, input);
          if (acdSettings !== undefined)
            await saveAcdSettings(tx, deps.clock, actor, after, acdSettings);
          return { before, after };
        },
      ))!;
      await deps.acd?.reloadConfig({ queueIds: [id] });
      return queue;
    },
    /** ACD settings of queues the caller was shown (the Queue type's field), defaults filled in. */
    acdSettings: (queueIds: readonly string[]) => settingsOf(store, queueIds),
    async delete(actor: Actor, id: string) {
      requirePermission(actor, 'config:write');
      await auditedChange<Queue>(deps, actor, 'queue.delete', 'Queue', async (tx) => {
        const before = await getForChange(tx, actor, id);
        await tx.queues.delete(id);
        return { before, after: null };
      });
      // Its DID routes went with it.
      await deps.acd?.reloadConfig({ routes: true });
      return id;
    },
    async addMember(actor: Actor, queueId: string, agentId: string, penalty: number) {
      requirePermission(actor, 'config:write');
      range('penalty', penalty, 0, 100);
      const membership = await store.transaction(async (tx) => {
        const queue = await getForChange(tx, actor, queueId);
        const agent = await tx.agents.get(agentId);
        if (!agent || !seesLine(actor, agent.businessLineId)) throw notFound('Agent', agentId);
        if (agent.businessLineId !== queue.businessLineId) {
          throw new DomainError('CONFLICT', 'agent and queue belong to different business lines', {
            queueId,
            agentId,
          });
        }
        const m = await tx.queues.addMember({ queueId, agentId, penalty });
        await audit(tx, deps.clock, actor, {
          action: 'queue.addMember',
          entity: 'Queue',
          entityId: queueId,
          after: m,
        });
        return m;
      });
      await deps.acd?.reloadConfig({ queueIds: [queueId] });
      return membership;
    },
    async removeMember(actor: Actor, queueId: string, agentId: string): Promise<boolean> {
      requirePermission(actor, 'config:write');
      const removed = await store.transaction(async (tx) => {
        await getForChange(tx, actor, queueId);
        const removed = await tx.queues.removeMember(queueId, agentId);
        if (removed) {
          await audit(tx, deps.clock, actor, {
            action: 'queue.removeMember',
            entity: 'Queue',
            entityId: queueId,
            before: { queueId, agentId },
          });
        }
        return removed;
      });
      if (removed) await deps.acd?.reloadConfig({ queueIds: [queueId] });
      return removed;
    },
    /** Memberships of queues (for Queue.members), filtered to what the actor may see. */
    membersOf: (queueIds: readonly string[]): Promise<QueueMembership[]> =>
      store.queues.membersOf(queueIds),
    queuesOf: (agentIds: readonly string[]): Promise<QueueMembership[]> =>
      store.queues.queuesOf(agentIds),
  };
}

/** The queue service's operations. */
export type QueueService = ReturnType<typeof createQueueService>;
