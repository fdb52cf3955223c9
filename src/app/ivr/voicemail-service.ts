/**
 * Mailboxes and messages (IVR-4). Supervisors manage mailboxes of their
 * lines; staff who read calls (supervisors, QA) list and play every message
 * of their lines; a message can be assigned to a user, who then sees it,
 * plays it and marks it handled.
 */
import type { IvrMailbox, IvrVoicemail, VoicemailStatus } from '../../domain/ivr/ivr.records.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import { can } from '../../domain/shared/roles.ts';
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

const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;

/** True when the actor may read (and play) the message. */
export const seesVoicemail = (actor: Actor, v: IvrVoicemail): boolean =>
  readable(actor, 'calls:read-all', v.businessLineId) ||
  (v.assignedUserId !== null && v.assignedUserId === actor.userId);

/** True when the actor may mark it handled: a manager of its line, or its assignee. */
const handles = (actor: Actor, v: IvrVoicemail): boolean =>
  readable(actor, 'config:write', v.businessLineId) || v.assignedUserId === actor.userId;

const statusAfter = (v: Pick<IvrVoicemail, 'assignedUserId'>, handled: boolean): VoicemailStatus =>
  handled ? 'handled' : v.assignedUserId === null ? 'new' : 'assigned';

/** Creates the mailbox and message service. */
export function createIvrVoicemailService(deps: IvrServiceDeps) {
  const ivr = () => ivrStoreOf(deps);

  async function queueOnLine(businessLineId: string, queueId: string | null | undefined) {
    if (queueId === null || queueId === undefined) return;
    const queue = await deps.store.queues.get(queueId);
    if (queue?.businessLineId !== businessLineId)
      throw invalidField('queueId', `queue ${queueId} not found in the business line`);
  }

  async function visibleMessage(actor: Actor, id: string): Promise<IvrVoicemail> {
    requirePermission(actor, 'calls:read-own');
    const v = await ivr().voicemails.get(id);
    if (v === undefined || !seesVoicemail(actor, v)) throw notFound('IvrVoicemail', id);
    return v;
  }

  return {
    async listMailboxes(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'config:read');
      return ivr().mailboxes.list(scopeOf(actor), page);
    },
    async loadMailboxes(actor: Actor, ids: readonly string[]) {
      const rows = await ivr().mailboxes.getMany(ids);
      return ids.map((id) =>
        rows.find((m) => m.id === id && readable(actor, 'config:read', m.businessLineId)),
      );
    },
    async createMailbox(
      actor: Actor,
      input: { businessLineId: string; key: string; name: string; queueId?: string | null },
    ) {
      requireOnLine(actor, 'config:write', input.businessLineId);
      if (!KEY.test(input.key))
        throw invalidField('key', 'must be 1-64 letters, digits or _ . : -');
      await queueOnLine(input.businessLineId, input.queueId);
      return (await auditedIvrChange<IvrMailbox>(
        deps,
        actor,
        'ivrMailbox.create',
        'IvrMailbox',
        async (tx) => ({
          after: await tx.mailboxes.create({
            businessLineId: input.businessLineId,
            key: input.key,
            name: input.name.trim(),
            queueId: input.queueId ?? null,
          }),
        }),
      ))!;
    },
    async updateMailbox(
      actor: Actor,
      id: string,
      patch: { name?: string; queueId?: string | null },
    ) {
      // Checked before the transaction: on SQLite it holds the only connection.
      const current = visibleOr(actor, 'IvrMailbox', id, await ivr().mailboxes.get(id));
      await queueOnLine(current.businessLineId, patch.queueId);
      return (await auditedIvrChange<IvrMailbox>(
        deps,
        actor,
        'ivrMailbox.update',
        'IvrMailbox',
        async (tx) => {
          const before = visibleOr(actor, 'IvrMailbox', id, await tx.mailboxes.get(id));
          requireOnLine(actor, 'config:write', before.businessLineId);
          const after = await tx.mailboxes.update(id, {
            ...(patch.name !== undefined && { name: patch.name.trim() }),
            ...(patch.queueId !== undefined && { queueId: patch.queueId }),
          });
          return { before, after };
        },
      ))!;
    },
    async deleteMailbox(actor: Actor, id: string) {
      await auditedIvrChange<IvrMailbox>(
        deps,
        actor,
        'ivrMailbox.delete',
        'IvrMailbox',
        async (tx) => {
          const before = visibleOr(actor, 'IvrMailbox', id, await tx.mailboxes.get(id));
          requireOnLine(actor, 'config:write', before.businessLineId);
          await tx.mailboxes.delete(id);
          return { before, after: null };
        },
      );
      return id;
    },

    /** Messages the actor may see, newest first. */
    async list(
      actor: Actor,
      filter: { mailboxId?: string; status?: VoicemailStatus },
      page: PageRequest,
    ) {
      requirePermission(actor, 'calls:read-own');
      if (can(actor.role, 'calls:read-all'))
        return ivr().voicemails.list({ ...filter, ...scopeOf(actor) }, page);
      return ivr().voicemails.list({ ...filter, assignedUserId: actor.userId }, page);
    },
    async load(actor: Actor, ids: readonly string[]) {
      const rows = await ivr().voicemails.getMany(ids);
      return ids.map((id) => rows.find((v) => v.id === id && seesVoicemail(actor, v)));
    },
    /** Assigns a message to a user of its line (null: unassigned). */
    async assign(actor: Actor, id: string, userId: string | null) {
      // The user is read before the transaction: on SQLite it holds the only connection.
      const user = userId === null ? null : await deps.store.users.get(userId);
      return (await auditedIvrChange<IvrVoicemail>(
        deps,
        actor,
        'ivrVoicemail.assign',
        'IvrVoicemail',
        async (tx) => {
          const before = await tx.voicemails.get(id);
          if (before === undefined || !seesLine(actor, before.businessLineId))
            throw notFound('IvrVoicemail', id);
          requireOnLine(actor, 'config:write', before.businessLineId);
          if (userId !== null) {
            const onLine =
              user != null &&
              (user.role === 'admin' || user.businessLineIds.includes(before.businessLineId));
            if (!onLine)
              throw invalidField(
                'userId',
                `user ${userId} is not a member of the message's business line`,
              );
          }
          const status =
            before.status === 'handled'
              ? 'handled'
              : statusAfter({ assignedUserId: userId }, false);
          return {
            before,
            after: await tx.voicemails.update(id, { assignedUserId: userId, status }),
          };
        },
      ))!;
    },
    /** Marks a message handled (or back to open). */
    async markHandled(actor: Actor, id: string, handled: boolean) {
      return (await auditedIvrChange<IvrVoicemail>(
        deps,
        actor,
        'ivrVoicemail.handled',
        'IvrVoicemail',
        async (tx) => {
          const before = await tx.voicemails.get(id);
          if (before === undefined || !seesVoicemail(actor, before))
            throw notFound('IvrVoicemail', id);
          if (!handles(actor, before)) {
            throw new DomainError(
              'FORBIDDEN',
              'only its assignee or a supervisor of its line may handle a message',
              { id },
            );
          }
          const after = await tx.voicemails.update(id, {
            status: statusAfter(before, handled),
            handledAt: handled ? deps.clock.now() : null,
            handledBy: handled ? actor.userId : null,
          });
          return { before, after };
        },
      ))!;
    },
    /** The message's audio (WAV bytes) for playback. */
    async audio(actor: Actor, id: string): Promise<{ voicemail: IvrVoicemail; bytes: Buffer }> {
      const voicemail = await visibleMessage(actor, id);
      const files = deps.ivr?.recordings;
      if (files === undefined)
        throw new DomainError('UNAVAILABLE', 'voicemail playback needs the PBX');
      const bytes = await files.read(voicemail.recording);
      if (bytes === null) throw notFound('Recording', voicemail.recording);
      return { voicemail, bytes };
    },
  };
}

/** The mailbox and message service's operations. */
export type IvrVoicemailService = ReturnType<typeof createIvrVoicemailService>;
