/** Mailboxes (`ivr_mailboxes`) and the messages left in them (`ivr_voicemails`). */
import type { IvrMailboxRepository, IvrVoicemailRepository } from '../../app/ivr/store-ports.ts';
import type { IvrMailbox, IvrVoicemail, VoicemailStatus } from '../../domain/ivr/ivr.records.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { type DbTime, toDbTime, toDbTimeOrNull } from '../db-time.ts';
import { checkInt, checkOptionalText, checkText } from '../repositories/input-checks.ts';
import { distinct, inRequestOrder } from '../repositories/listing.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';
import { IVR_REFERENCED, IVR_UNIQUE_KEYS } from './ivr-constraints.ts';
import { msOf, msOrNull, scopedPage } from './ivr-rows.ts';

const BOXES = 'ivr_mailboxes';
const MESSAGES = 'ivr_voicemails';

interface BoxRow {
  id: string;
  business_line_id: string;
  mailbox_key: string;
  name: string;
  queue_id: string | null;
  created_at: DbTime;
  updated_at: DbTime;
}

interface MessageRow {
  id: string;
  mailbox_id: string;
  business_line_id: string;
  channel_id: string;
  caller_number: string;
  callback_number: string | null;
  recording: string;
  format: string;
  duration_s: number;
  flow_key: string;
  flow_version: number | null;
  node_id: string;
  status: string;
  assigned_user_id: string | null;
  handled_at: DbTime | null;
  handled_by: string | null;
  created_at: DbTime;
  updated_at: DbTime;
}

const toBox = (r: BoxRow): IvrMailbox => ({
  id: r.id,
  businessLineId: r.business_line_id,
  key: r.mailbox_key,
  name: r.name,
  queueId: r.queue_id,
  createdAt: msOf(r.created_at),
  updatedAt: msOf(r.updated_at),
});

const toMessage = (r: MessageRow): IvrVoicemail => ({
  id: r.id,
  mailboxId: r.mailbox_id,
  businessLineId: r.business_line_id,
  channelId: r.channel_id,
  callerNumber: r.caller_number,
  callbackNumber: r.callback_number,
  recording: r.recording,
  format: r.format,
  durationS: r.duration_s,
  flowKey: r.flow_key,
  flowVersion: r.flow_version,
  nodeId: r.node_id,
  status: r.status as VoicemailStatus,
  assignedUserId: r.assigned_user_id,
  handledAt: msOrNull(r.handled_at),
  handledBy: r.handled_by,
  createdAt: msOf(r.created_at),
  updatedAt: msOf(r.updated_at),
});

/** The mailbox repository over `deps.db`. */
export function createIvrMailboxRepository(deps: RepositoryDeps): IvrMailboxRepository {
  const { db, clock } = deps;
  const load = async (id: string) => {
    const row = await db<BoxRow>(BOXES).where('id', id).first();
    return row ? toBox(row) : undefined;
  };
  const rules = (key: string | undefined, businessLineId?: string, queueId?: string | null) => ({
    unique: key === undefined ? [] : [{ key: IVR_UNIQUE_KEYS.mailboxKey, value: key }],
    references: [
      { field: 'businessLineId', target: IVR_REFERENCED.businessLine, ids: [businessLineId] },
      { field: 'queueId', target: IVR_REFERENCED.queue, ids: [queueId] },
    ],
  });
  return {
    get: load,
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db<BoxRow>(BOXES).whereIn('id', distinct(ids));
      return inRequestOrder(ids, rows.map(toBox));
    },
    async getByKey(businessLineId, key) {
      const row = await db<BoxRow>(BOXES)
        .where({ business_line_id: businessLineId, mailbox_key: key })
        .first();
      return row ? toBox(row) : undefined;
    },
    async list(filter, page) {
      const qb = db<BoxRow>(BOXES).orderBy('name').orderBy('id');
      return ((await scopedPage(qb, filter, page)) as BoxRow[]).map(toBox);
    },
    async create(input) {
      checkText('key', input.key, 64);
      checkText('name', input.name, 120);
      const id = crypto.randomUUID();
      const now = toDbTime(clock.now());
      await withConstraintErrors(db, rules(input.key, input.businessLineId, input.queueId), () =>
        db(BOXES).insert({
          id,
          business_line_id: input.businessLineId,
          mailbox_key: input.key,
          name: input.name,
          queue_id: input.queueId,
          created_at: now,
          updated_at: now,
        }),
      );
      return (await load(id))!;
    },
    async update(id, patch) {
      if (patch.name !== undefined) checkText('name', patch.name, 120);
      const changes: Record<string, unknown> = { updated_at: toDbTime(clock.now()) };
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.queueId !== undefined) changes.queue_id = patch.queueId;
      const n = await withConstraintErrors(db, rules(undefined, undefined, patch.queueId), () =>
        db(BOXES).update(changes).where('id', id),
      );
      if (n === 0) throw notFound('IvrMailbox', id);
      return (await load(id))!;
    },
    async delete(id) {
      const n = await db(BOXES).delete().where('id', id);
      if (n === 0) throw notFound('IvrMailbox', id);
    },
  };
}

/** The message repository over `deps.db`. */
export function createIvrVoicemailRepository(deps: RepositoryDeps): IvrVoicemailRepository {
  const { db, clock } = deps;
  const load = async (id: string) => {
    const row = await db<MessageRow>(MESSAGES).where('id', id).first();
    return row ? toMessage(row) : undefined;
  };
  return {
    get: load,
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db<MessageRow>(MESSAGES).whereIn('id', distinct(ids));
      return inRequestOrder(ids, rows.map(toMessage));
    },
    async list(filter, page) {
      const qb = db<MessageRow>(MESSAGES).orderBy('created_at', 'desc').orderBy('id');
      if (filter.mailboxId) qb.where('mailbox_id', filter.mailboxId);
      if (filter.status) qb.where('status', filter.status);
      if (filter.assignedUserId) qb.where('assigned_user_id', filter.assignedUserId);
      return ((await scopedPage(qb, filter, page)) as MessageRow[]).map(toMessage);
    },
    async create(input) {
      checkText('recording', input.recording, 255);
      checkOptionalText('callbackNumber', input.callbackNumber, 32);
      checkInt('durationS', input.durationS, 0);
      const id = crypto.randomUUID();
      const now = toDbTime(clock.now());
      await withConstraintErrors(
        db,
        {
          references: [
            { field: 'mailboxId', target: IVR_REFERENCED.mailbox, ids: [input.mailboxId] },
          ],
        },
        () =>
          db(MESSAGES).insert({
            id,
            mailbox_id: input.mailboxId,
            business_line_id: input.businessLineId,
            channel_id: input.channelId,
            caller_number: input.callerNumber.slice(0, 64),
            callback_number: input.callbackNumber,
            recording: input.recording,
            format: input.format,
            duration_s: input.durationS,
            flow_key: input.flowKey,
            flow_version: input.flowVersion,
            node_id: input.nodeId,
            status: 'new',
            assigned_user_id: null,
            handled_at: null,
            handled_by: null,
            created_at: now,
            updated_at: now,
          }),
      );
      return (await load(id))!;
    },
    async update(id, patch) {
      const changes: Record<string, unknown> = { updated_at: toDbTime(clock.now()) };
      if (patch.status !== undefined) changes.status = patch.status;
      if (patch.assignedUserId !== undefined) changes.assigned_user_id = patch.assignedUserId;
      if (patch.handledAt !== undefined) changes.handled_at = toDbTimeOrNull(patch.handledAt);
      if (patch.handledBy !== undefined) changes.handled_by = patch.handledBy;
      const rules = {
        references: [
          { field: 'assignedUserId', target: IVR_REFERENCED.user, ids: [patch.assignedUserId] },
        ],
      };
      const n = await withConstraintErrors(db, rules, () =>
        db(MESSAGES).update(changes).where('id', id),
      );
      if (n === 0) throw notFound('IvrVoicemail', id);
      return (await load(id))!;
    },
  };
}
