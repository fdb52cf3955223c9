/**
 * IVR flows through the API (IVR-1): create and edit drafts, validate,
 * publish immutable versions, roll back, list versions, delete. A flow's
 * key is its document's `id`: AGI paths, DID routes and goto nodes name it,
 * so it never changes once the flow exists.
 */
import type { IvrFlowRecord, IvrFlowVersion } from '../../domain/ivr/ivr.records.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import type { Actor } from '../actor.ts';
import { requirePermission, scopeOf, seesLine } from '../actor.ts';
import type { PageRequest } from '../ports.ts';
import { checkFlow, type FlowCheck } from './flow-check.ts';
import {
  auditedIvrChange,
  type IvrServiceDeps,
  ivrStoreOf,
  readable,
  requireOnLine,
  visibleOr,
} from './service-deps.ts';
import type { IvrRepositories } from './store-ports.ts';

/** Input of createIvrFlow. */
export interface FlowInput {
  businessLineId: string;
  name: string;
  description?: string;
  /** The flow document; its `id` becomes the flow's key. */
  document: unknown;
}

const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;

/** The document's `id`, which must be a usable flow key. */
function keyOf(document: unknown): string {
  const id =
    typeof document === 'object' && document !== null
      ? (document as { id?: unknown }).id
      : undefined;
  if (typeof id !== 'string' || !KEY.test(id)) {
    throw invalidField('document.id', 'must be the flow key: 1-64 letters, digits or _ . : -');
  }
  return id;
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 120)
    throw invalidField('name', 'must be 1-120 characters');
  return trimmed;
}

/** The problem a publish of an invalid document returns: every issue, with its node. */
export function invalidFlow(check: FlowCheck): DomainError {
  const first = check.errors[0]?.message ?? 'invalid flow';
  return new DomainError(
    'VALIDATION_FAILED',
    `the flow has ${check.errors.length} error(s); first: ${first}`,
    {
      issues: check.errors,
      fields: check.errors.map((e) => ({
        path: ['document', e.nodeId === null ? null : `nodes.${e.nodeId}`, e.field]
          .filter((p) => p !== null)
          .join('.'),
        message: e.message,
      })),
    },
  );
}

/** Creates the flow service. */
export function createIvrFlowService(deps: IvrServiceDeps) {
  const ivr = () => ivrStoreOf(deps);

  async function forChange(tx: IvrRepositories, actor: Actor, id: string) {
    const flow = visibleOr(actor, 'IvrFlow', id, await tx.flows.get(id));
    requireOnLine(actor, 'config:write', flow.businessLineId);
    return flow;
  }

  return {
    async list(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'config:read');
      return ivr().flows.list(scopeOf(actor), page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await ivr().flows.getMany(ids);
      return ids.map((id) =>
        rows.find((f) => f.id === id && readable(actor, 'config:read', f.businessLineId)),
      );
    },
    /** A flow the actor may read, or NOT_FOUND. */
    async get(actor: Actor, id: string) {
      requirePermission(actor, 'config:read');
      return visibleOr(actor, 'IvrFlow', id, await ivr().flows.get(id));
    },
    async create(actor: Actor, input: FlowInput) {
      requireOnLine(actor, 'config:write', input.businessLineId);
      const key = keyOf(input.document);
      const name = cleanName(input.name);
      if (!(await deps.store.businessLines.get(input.businessLineId))) {
        throw invalidField('businessLineId', `business line ${input.businessLineId} not found`);
      }
      return (await auditedIvrChange<IvrFlowRecord>(
        deps,
        actor,
        'ivrFlow.create',
        'IvrFlow',
        async (tx) => ({
          after: await tx.flows.create({
            businessLineId: input.businessLineId,
            key,
            name,
            description: input.description ?? '',
            draft: input.document,
          }),
        }),
      ))!;
    },
    async updateDraft(
      actor: Actor,
      id: string,
      patch: { name?: string; description?: string; document?: unknown },
    ) {
      return (await auditedIvrChange<IvrFlowRecord>(
        deps,
        actor,
        'ivrFlow.updateDraft',
        'IvrFlow',
        async (tx) => {
          const before = await forChange(tx, actor, id);
          if (patch.document !== undefined && keyOf(patch.document) !== before.key) {
            throw invalidField(
              'document.id',
              `must stay "${before.key}" (DID routes and goto nodes name it)`,
            );
          }
          const after = await tx.flows.updateDraft(id, {
            ...(patch.name !== undefined && { name: cleanName(patch.name) }),
            ...(patch.description !== undefined && { description: patch.description }),
            ...(patch.document !== undefined && { draft: patch.document }),
          });
          return { before, after };
        },
      ))!;
    },
    /** Checks a document for a line without storing anything. */
    async validate(actor: Actor, businessLineId: string, document: unknown): Promise<FlowCheck> {
      requirePermission(actor, 'config:read');
      if (!seesLine(actor, businessLineId)) throw notFound('BusinessLine', businessLineId);
      return checkFlow({ store: deps.store, ivr: ivr() }, businessLineId, document);
    },
    /** Checks a stored flow's draft. */
    async validateDraft(flow: IvrFlowRecord): Promise<FlowCheck> {
      return checkFlow({ store: deps.store, ivr: ivr() }, flow.businessLineId, flow.draft);
    },
    /** Publishes the draft as the next version; new calls run it from now on. */
    async publish(actor: Actor, id: string, note: string): Promise<IvrFlowVersion> {
      const flow = visibleOr(actor, 'IvrFlow', id, await ivr().flows.get(id));
      requireOnLine(actor, 'config:write', flow.businessLineId);
      const check = await checkFlow(
        { store: deps.store, ivr: ivr() },
        flow.businessLineId,
        flow.draft,
      );
      if (!check.ok) throw invalidFlow(check);
      return ivr().transaction(async (tx) => {
        const version = await tx.flows.publish(id, {
          document: flow.draft,
          note: note.slice(0, 500),
          publishedBy: actor.userId,
        });
        await tx.audit.append({
          at: deps.clock.now(),
          actorUserId: actor.userId,
          actorName: actor.username,
          action: 'ivrFlow.publish',
          entity: 'IvrFlow',
          entityId: id,
          before: { activeVersion: flow.activeVersion },
          after: { activeVersion: version.version, note: version.note },
          source: actor.source,
        });
        return version;
      });
    },
    /** Makes an earlier (or later) published version the one new calls run. */
    async rollback(actor: Actor, id: string, version: number) {
      return (await auditedIvrChange<IvrFlowRecord>(
        deps,
        actor,
        'ivrFlow.rollback',
        'IvrFlow',
        async (tx) => {
          const before = await forChange(tx, actor, id);
          return { before, after: await tx.flows.setActiveVersion(id, version) };
        },
      ))!;
    },
    async delete(actor: Actor, id: string) {
      await auditedIvrChange<IvrFlowRecord>(
        deps,
        actor,
        'ivrFlow.delete',
        'IvrFlow',
        async (tx) => {
          const before = await forChange(tx, actor, id);
          const routes = await tx.didRoutes.list({ flowId: id }, { offset: 0, limit: 5 });
          if (routes.length > 0) {
            throw new DomainError(
              'CONFLICT',
              `numbers still route to this flow: ${routes.map((r) => r.did).join(', ')}`,
              {
                dids: routes.map((r) => r.did),
              },
            );
          }
          await tx.flows.delete(id);
          return { before, after: null };
        },
      );
      return id;
    },
    versions: (flowId: string) => ivr().flows.listVersions(flowId),
    version: (flowId: string, version: number) => ivr().flows.getVersion(flowId, version),
  };
}

/** The flow service's operations. */
export type IvrFlowService = ReturnType<typeof createIvrFlowService>;
