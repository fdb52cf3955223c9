/**
 * The dialer as the API uses it, with the caller's rights checked here:
 * campaigns (config:read to read, config:write to change, within the
 * caller's business lines), lists and CSV imports, the do-not-call list
 * (global entries: admins only), live figures, and the agent's side:
 * preview next/dial/skip, the current call's screen pop and dispositions,
 * and follow-ups (follow-up-service.ts). A broadcast campaign starts
 * without agents. Agents never see a masked campaign's numbers.
 */
import { broadcastProblems } from '../../domain/dialer/broadcast.ts';
import { isCallable } from '../../domain/dialer/calling-window.ts';
import {
  type Campaign,
  type CampaignSettingsInput,
  campaignSettingsSchema,
  maskNumber,
} from '../../domain/dialer/campaign.ts';
import type { ColumnMapping } from '../../domain/dialer/list-row.ts';
import { afterAttempt } from '../../domain/dialer/retry.ts';
import { DomainError, invalidField, notFound } from '../../domain/shared/errors.ts';
import { normalisePhone } from '../../domain/shared/phone.ts';
import { type Actor, requireLine, requirePermission, scopeOf, seesLine } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { PageRequest, Store } from '../ports.ts';
import type { DialerEngine } from './engine.ts';
import { createFollowUpService } from './follow-up-service.ts';
import { type CsvOpener, type ImportProgress, runImport } from './list-import.ts';
import type { DialerStore, ListImport, ListRecord } from './ports.ts';

/** What the service is built from. */
export interface DialerServiceDeps {
  store: Store;
  dialer: DialerStore;
  engine: DialerEngine;
  openCsv: CsvOpener;
  clock: Clock;
  logger: Logger;
}

/** Campaign fields as the API gives them. */
export interface CampaignFields {
  businessLineId: string;
  name: string;
  agentIds?: readonly string[];
  queueIds?: readonly string[];
  settings?: CampaignSettingsInput;
}

/** A record as the caller may see it. */
export interface VisibleRecord extends ListRecord {
  /** Numbers shown to the caller (masked for agents when the campaign masks). */
  readonly shownNumbers: readonly string[];
}

const conflict = (reason: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError('CONFLICT', message, { reason, ...details });

function parseSettings(input: unknown) {
  const parsed = campaignSettingsSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({
    path: ['settings', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw new DomainError(
    'VALIDATION_FAILED',
    fields.map((f) => `${f.path}: ${f.message}`).join('; '),
    {
      fields,
    },
  );
}

/** Creates the dialer service. */
export function createDialerService(deps: DialerServiceDeps) {
  const { dialer, engine, clock } = deps;
  const running = new Map<string, ImportProgress>();
  /** The end of each import running in this process; an ended one is read from the store. */
  const finished = new Map<string, Promise<ListImport>>();

  async function campaignFor(actor: Actor, id: string): Promise<Campaign> {
    const c = await dialer.campaigns.get(id);
    if (c === undefined || !seesLine(actor, c.businessLineId)) throw notFound('Campaign', id);
    return c;
  }
  const readable = async (actor: Actor, id: string) => {
    requirePermission(actor, 'config:read');
    return campaignFor(actor, id);
  };
  const writable = async (actor: Actor, id: string) => {
    requirePermission(actor, 'config:write');
    return campaignFor(actor, id);
  };
  const ownAgent = (actor: Actor) => {
    if (actor.agentId === null) throw invalidField('agentId', 'the caller is not an agent');
    return actor.agentId;
  };
  const show = (actor: Actor, c: Campaign, r: ListRecord): VisibleRecord => ({
    ...r,
    shownNumbers: r.numbers.map((n) =>
      maskNumber(n.e164, c.settings.maskNumbers && actor.role === 'agent'),
    ),
  });
  const changed = async (
    actor: Actor,
    action: string,
    before: Campaign | null,
    after: Campaign | null,
  ) =>
    dialer.transaction(async (tx) =>
      audit({ audit: tx.audit } as never, clock, actor, {
        action,
        entity: 'Campaign',
        entityId: (after ?? before)?.id ?? null,
        before,
        after,
      }),
    );

  async function checkAgents(c: { businessLineId: string; agentIds: readonly string[] }) {
    const agents = await deps.store.agents.getMany(c.agentIds);
    for (const id of c.agentIds) {
      const a = agents.find((x) => x.id === id);
      if (a === undefined || a.businessLineId !== c.businessLineId) {
        throw invalidField(
          'agentIds',
          `agent ${id} is not an agent of the campaign's business line`,
        );
      }
    }
  }

  return {
    ...createFollowUpService({ store: deps.store, dialer, clock, show }),
    async list(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'config:read');
      return dialer.campaigns.list(scopeOf(actor), page);
    },
    get: readable,
    async create(actor: Actor, f: CampaignFields) {
      requirePermission(actor, 'config:write');
      requireLine(actor, f.businessLineId);
      if (!(await deps.store.businessLines.get(f.businessLineId))) {
        throw invalidField('businessLineId', `business line ${f.businessLineId} not found`);
      }
      const input = {
        businessLineId: f.businessLineId,
        name: f.name.trim(),
        status: 'draft' as const,
        agentIds: [...(f.agentIds ?? [])],
        queueIds: [...(f.queueIds ?? [])],
        settings: parseSettings(f.settings),
      };
      await checkAgents(input);
      const c = await dialer.campaigns.create(input);
      await changed(actor, 'campaign.create', null, c);
      return c;
    },
    async update(actor: Actor, id: string, patch: Partial<Omit<CampaignFields, 'businessLineId'>>) {
      const before = await writable(actor, id);
      const next = {
        ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
        ...(patch.agentIds === undefined ? {} : { agentIds: [...patch.agentIds] }),
        ...(patch.queueIds === undefined ? {} : { queueIds: [...patch.queueIds] }),
        ...(patch.settings === undefined
          ? {}
          : { settings: parseSettings({ ...before.settings, ...patch.settings }) }),
      };
      await checkAgents({
        businessLineId: before.businessLineId,
        agentIds: next.agentIds ?? before.agentIds,
      });
      const after = await dialer.campaigns.update(id, next);
      await changed(actor, 'campaign.update', before, after);
      if (after.status === 'running') await engine.run(after);
      return after;
    },
    async delete(actor: Actor, id: string) {
      const before = await writable(actor, id);
      if (before.status === 'running')
        throw conflict('RUNNING', 'stop the campaign before deleting it');
      await dialer.campaigns.delete(id);
      await changed(actor, 'campaign.delete', before, null);
      return id;
    },
    /** Starts dialing; refused without agents, without a trunk, or outside the calling window. */
    async start(actor: Actor, id: string) {
      const c = await writable(actor, id);
      const members = await deps.store.queues.membersOf(c.queueIds);
      // A broadcast needs no agent (DIAL-6), only a queue its agent key can reach.
      if (c.settings.mode === 'broadcast') await checkBroadcast(c);
      else if (c.agentIds.length === 0 && members.length === 0) {
        throw conflict('NO_AGENTS', 'the campaign has no agents: assign agents or queues first');
      }
      if (!c.settings.trunk.includes('{number}')) {
        throw conflict(
          'NO_TRUNK',
          'the campaign has no usable trunk (a dial string with {number})',
        );
      }
      const line = await deps.store.businessLines.get(c.businessLineId);
      const zone = line?.timezone ?? 'UTC';
      const w = { ...c.settings.window, skipHolidays: false };
      if (!isCallable(w, zone, null, clock.now())) {
        throw conflict(
          'OUTSIDE_WINDOW',
          `outside the calling window (${w.start}-${w.end}, ${zone})`,
        );
      }
      const after = await dialer.campaigns.update(id, { status: 'running' });
      await changed(actor, 'campaign.start', c, after);
      await engine.run(after);
      return after;
    },
    async pause(actor: Actor, id: string) {
      return halt(actor, id, 'paused');
    },
    async stop(actor: Actor, id: string) {
      return halt(actor, id, 'stopped');
    },
    live: async (actor: Actor, id: string) => engine.live((await readable(actor, id)).id),
    async lists(actor: Actor, campaignId: string) {
      await readable(actor, campaignId);
      return dialer.lists.ofCampaign(campaignId);
    },
    async createList(actor: Actor, campaignId: string, name: string) {
      await writable(actor, campaignId);
      return dialer.lists.create({ campaignId, name: name.trim() || 'List' });
    },
    async recordCounts(actor: Actor, campaignId: string, listId?: string) {
      await readable(actor, campaignId);
      return dialer.records.countsByStatus(campaignId, listId);
    },
    async outcomes(actor: Actor, campaignId: string, from: number) {
      await readable(actor, campaignId);
      return dialer.attempts.outcomes(campaignId, from);
    },
    /** Starts importing CSV into a list; returns at once with the running import. */
    async importList(
      actor: Actor,
      listId: string,
      input: { text: string } | { path: string },
      mapping: ColumnMapping,
    ): Promise<ListImport> {
      const list = await dialer.lists.get(listId);
      if (list === undefined) throw notFound('CallList', listId);
      const c = await writable(actor, list.campaignId);
      if ('path' in input && actor.role !== 'admin') {
        throw new DomainError('FORBIDDEN', 'only admins import files from the server');
      }
      if (mapping.phones.length === 0)
        throw invalidField('mapping.phones', 'name at least one column');
      const line = await deps.store.businessLines.get(c.businessLineId);
      const country = line?.defaultCountry ?? 'US';
      const countries = new Set(c.settings.countries.length > 0 ? c.settings.countries : [country]);
      const imp = await dialer.imports.create(listId, clock.now());
      const progress: ImportProgress = {
        rowsDone: 0,
        rowsTotal: null,
        imported: 0,
        duplicates: 0,
        dnc: 0,
        errors: 0,
        startedAt: clock.now(),
        rate: 0,
        abort: new AbortController(),
      };
      running.set(imp.id, progress);
      const dnc = {
        global: await dialer.dnc.keys('global'),
        line: await dialer.dnc.keys(c.businessLineId),
      };
      const job = {
        imp,
        listId,
        campaignId: c.id,
        mapping,
        rules: { defaultCountry: country, countries },
        dnc,
        source: deps.openCsv(input),
      };
      const done = runImport({ store: dialer, clock, logger: deps.logger }, job, progress);
      finished.set(imp.id, done);
      void done.finally(() => {
        running.delete(imp.id);
        finished.delete(imp.id);
      });
      return imp;
    },
    /** An import with live counts while it runs. */
    async importOf(actor: Actor, importId: string): Promise<ListImport & { rate: number }> {
      const imp = await dialer.imports.get(importId);
      const list = imp === undefined ? undefined : await dialer.lists.get(imp.listId);
      if (imp === undefined || list === undefined) throw notFound('ListImport', importId);
      await readable(actor, list.campaignId);
      const live = running.get(importId);
      if (live === undefined) {
        const seconds = Math.max(0.001, ((imp.finishedAt ?? clock.now()) - imp.startedAt) / 1000);
        return { ...imp, rate: imp.rowsDone / seconds };
      }
      const { abort: _abort, startedAt: _s, ...counts } = live;
      return { ...imp, ...counts };
    },
    /** Resolves with the import once it has ended (at once when it already had). */
    async importSettled(actor: Actor, importId: string): Promise<ListImport> {
      await this.importOf(actor, importId);
      return (await finished.get(importId)) ?? (await dialer.imports.get(importId))!;
    },
    async cancelImport(actor: Actor, importId: string) {
      const imp = await this.importOf(actor, importId);
      running.get(importId)?.abort.abort();
      return imp;
    },
    async importErrors(actor: Actor, importId: string, page: PageRequest) {
      await this.importOf(actor, importId);
      return dialer.imports.errors(importId, page);
    },
    /** Adds a number to a business line's DNC list, or the global one (admins) when null. */
    async addDnc(actor: Actor, businessLineId: string | null, number: string, reason: string) {
      const scope = await dncScope(actor, businessLineId);
      const line =
        businessLineId === null ? undefined : await deps.store.businessLines.get(businessLineId);
      const e164 = normalisePhone(number, line?.defaultCountry).e164;
      const entry = await dialer.dnc.add({ scope, e164, reason: reason.trim() || 'requested' });
      await dialer.transaction(async (tx) =>
        audit({ audit: tx.audit } as never, clock, actor, {
          action: 'dnc.add',
          entity: 'DncEntry',
          entityId: entry.id,
          after: entry,
        }),
      );
      return entry;
    },
    async removeDnc(actor: Actor, businessLineId: string | null, number: string) {
      const scope = await dncScope(actor, businessLineId);
      const e164 = normalisePhone(number).e164;
      const removed = await dialer.dnc.remove(scope, e164);
      if (removed) {
        await dialer.transaction(async (tx) =>
          audit({ audit: tx.audit } as never, clock, actor, {
            action: 'dnc.remove',
            entity: 'DncEntry',
            entityId: null,
            before: { scope, e164 },
          }),
        );
      }
      return removed;
    },
    async listDnc(actor: Actor, page: PageRequest) {
      requirePermission(actor, 'config:read');
      const scopes = actor.role === 'admin' ? null : ['global', ...actor.businessLineIds];
      if (scopes === null) {
        const lines = await deps.store.businessLines.list({}, { offset: 0, limit: 1000 });
        return dialer.dnc.list(['global', ...lines.map((l) => l.id)], page);
      }
      return dialer.dnc.list(scopes, page);
    },
    /** Preview: the record reserved for the calling agent (the next one is reserved if none). */
    async previewNext(actor: Actor, campaignId: string) {
      const agentId = ownAgent(actor);
      const c = await campaignFor(actor, campaignId);
      if (c.status !== 'running') throw conflict('NOT_RUNNING', 'the campaign is not running');
      if (c.settings.mode !== 'preview')
        throw conflict('NOT_PREVIEW', 'the campaign is not a preview campaign');
      const r = await engine.previewNext(c, agentId);
      return r === null ? null : { campaign: c, record: show(actor, c, r) };
    },
    async previewDial(actor: Actor, recordId: number) {
      const agentId = ownAgent(actor);
      const r = await dialer.records.get(recordId);
      if (r === undefined || r.agentId !== agentId || r.status !== 'reserved') {
        throw notFound('ListRecord', String(recordId));
      }
      const c = await campaignFor(actor, r.campaignId);
      const callId = await engine.previewDial(c, agentId, recordId);
      if (callId === '')
        throw conflict(
          'NOT_DIALABLE',
          'the agent is not available or the number may not be called now',
        );
      return callId;
    },
    async previewSkip(actor: Actor, recordId: number) {
      const agentId = ownAgent(actor);
      const r = await dialer.records.get(recordId);
      if (r === undefined || r.agentId !== agentId || r.status !== 'reserved') {
        throw notFound('ListRecord', String(recordId));
      }
      const c = await campaignFor(actor, r.campaignId);
      const d = afterAttempt({
        numbers: r.numbers,
        index: 0,
        outcome: 'skipped',
        recordAttempts: r.attempts,
        rules: c.settings.retry,
        now: clock.now(),
      });
      await dialer.records.save(recordId, {
        status: 'scheduled',
        agentId: null,
        nextAt: d.kind === 'retry' ? d.at : clock.now(),
      });
      return true;
    },
    /** The screen pop of the outbound call the calling agent is on. */
    async currentCall(actor: Actor) {
      const agentId = ownAgent(actor);
      const found = engine.callOf(agentId);
      if (found === null) return null;
      const { call, campaign } = found;
      return {
        callId: call.id,
        attemptId: call.attemptId,
        campaign,
        record: show(actor, campaign, call.record),
        number: maskNumber(call.e164, campaign.settings.maskNumbers && actor.role === 'agent'),
        connected: call.connectedAt !== null,
      };
    },
    /** Sets the outcome code of a conversation; `do-not-call` also adds the number to the line's list. */
    async setDisposition(actor: Actor, attemptId: number, code: string, notes: string | null) {
      const attempt = await dialer.attempts.get(attemptId);
      if (attempt === undefined) throw notFound('Attempt', String(attemptId));
      const c = await campaignFor(actor, attempt.campaignId);
      const own = attempt.agentId !== null && attempt.agentId === actor.agentId;
      if (!own && !(await canManage(actor, c))) throw notFound('Attempt', String(attemptId));
      if (!c.settings.dispositions.includes(code)) {
        throw invalidField('code', `must be one of ${c.settings.dispositions.join(', ')}`);
      }
      await dialer.attempts.update(attemptId, { disposition: code, notes });
      if (code === 'do-not-call') {
        const blocked = await dialer.dnc.blocked([c.businessLineId], [attempt.e164]);
        if (blocked.size === 0) {
          await dialer.dnc.add({
            scope: c.businessLineId,
            e164: attempt.e164,
            reason: 'disposition',
          });
        }
      }
      return (await dialer.attempts.get(attemptId))!;
    },
  };

  async function canManage(actor: Actor, c: Campaign) {
    return actor.role !== 'agent' && actor.role !== 'qa' && seesLine(actor, c.businessLineId);
  }

  async function checkBroadcast(c: Campaign) {
    const problems = broadcastProblems(c.settings.broadcast);
    const { queueId } = c.settings.broadcast;
    if (queueId !== null && problems.length === 0) {
      const queue = await deps.store.queues.get(queueId);
      if (queue === undefined || queue.businessLineId !== c.businessLineId) {
        problems.push(`broadcast.queueId: no queue ${queueId} in the campaign's business line`);
      }
    }
    if (problems.length > 0) {
      throw conflict('BROADCAST_SETTINGS', problems.join('; '), { problems });
    }
  }

  async function dncScope(actor: Actor, businessLineId: string | null) {
    requirePermission(actor, 'config:write');
    if (businessLineId === null) {
      requirePermission(actor, 'business-lines:write');
      return 'global';
    }
    requireLine(actor, businessLineId);
    return businessLineId;
  }

  async function halt(actor: Actor, id: string, status: 'paused' | 'stopped') {
    const c = await writable(actor, id);
    engine.halt(id);
    const after = await dialer.campaigns.update(id, { status });
    await changed(actor, `campaign.${status === 'paused' ? 'pause' : 'stop'}`, c, after);
    return after;
  }
}

/** The dialer service's operations. */
export type DialerService = ReturnType<typeof createDialerService>;

/** The dialer service when no dialer is wired: every operation answers UNAVAILABLE. */
export function dialerUnavailable(): DialerService {
  return new Proxy({} as DialerService, {
    get: () => () => Promise.reject(new DomainError('UNAVAILABLE', 'the dialer is not running')),
  });
}
