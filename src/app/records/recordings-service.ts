/**
 * Recordings (REC-1..3): indexing finished recordings, finding them by
 * contact, number, agent and date, and serving their bytes.
 *
 * Who sees a recording is who sees its call (SEC-1): admins, supervisors
 * and QA the recordings of their business lines, an agent only those of
 * calls it took part in. A recording a caller may not see reads as missing.
 */
import type { CallRecord } from '../../domain/call/call-record.ts';
import { numberVariants } from '../../domain/call/numbers.ts';
import { linkedIdOfRecording, mimeTypeOf, type Recording } from '../../domain/call/recording.ts';
import { notFound } from '../../domain/shared/errors.ts';
import { can } from '../../domain/shared/roles.ts';
import { type Actor, requirePermission, scopeOf, seesLine } from '../actor.ts';
import { audit } from '../audit.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { PageRequest, Store } from '../ports.ts';
import type { RecordingFiles } from './ports.ts';
import type { SignedLinks } from './signed-links.ts';

/** A recording search as the API asks it. */
export interface RecordingSearch {
  from?: number;
  to?: number;
  /** Calls handled by this agent. */
  agentId?: string;
  /** Calls from or to this number (any form libphonenumber reads). */
  number?: string;
  /** Calls from or to any number of this contact. */
  contactId?: string;
}

/** A recording finished on the PBX. */
export interface FinishedRecording {
  name: string;
  format: string;
  /** What was recorded: `bridge:<id>` or `channel:<id>`. */
  targetUri: string;
  durationS: number;
  at: number;
}

/** What the recordings service is built from. */
export interface RecordingsDeps {
  store: Store;
  files: RecordingFiles;
  links: SignedLinks;
  clock: Clock;
  logger: Logger;
}

/** Creates the recordings service. */
export function createRecordingsService(deps: RecordingsDeps) {
  const { store, files, links, clock } = deps;
  const recordings = store.recordings;
  const log = deps.logger.child({ component: 'recordings' });

  async function visibleCalls(actor: Actor, linkedIds: readonly string[]) {
    const calls = (await Promise.all(linkedIds.map((l) => store.calls.getByLinkedId(l)))).filter(
      (c): c is CallRecord => c !== undefined,
    );
    const legs = await store.calls.legsOf(calls.map((c) => c.id));
    const own = actor.agentId;
    const visible = new Set<string>();
    for (const call of calls) {
      const all = can(actor.role, 'recordings:read-all') && seesLine(actor, call.businessLineId);
      const mine =
        own !== null &&
        (call.agentId === own || legs.some((l) => l.callId === call.id && l.agentId === own));
      if (all || mine) visible.add(call.linkedId);
    }
    return visible;
  }

  /** The recordings the actor may see among `rows`, in order. */
  async function visibleOf(actor: Actor, rows: readonly Recording[]) {
    if (!can(actor.role, 'recordings:read-own')) return [];
    const admin =
      can(actor.role, 'recordings:read-all') && scopeOf(actor).businessLineIds === undefined;
    const visible = await visibleCalls(actor, [...new Set(rows.map((r) => r.linkedId))]);
    return rows.filter((r) => visible.has(r.linkedId) || admin);
  }

  async function numbersOf(actor: Actor, search: RecordingSearch): Promise<string[] | undefined> {
    let numbers: string[] | undefined;
    if (search.number !== undefined) numbers = numberVariants(search.number);
    if (search.contactId !== undefined) {
      const contact = await store.contacts.get(search.contactId);
      if (!contact || !seesLine(actor, contact.businessLineId)) {
        throw notFound('Contact', search.contactId);
      }
      const phones = contact.phones.map((p) => p.e164);
      numbers = numbers ? numbers.filter((n) => phones.includes(n)) : phones;
    }
    return numbers;
  }

  async function visibleOne(actor: Actor, id: string): Promise<Recording> {
    const row = await recordings.get(id);
    const [visible] = row && row.deletedAt === null ? await visibleOf(actor, [row]) : [];
    if (!visible) throw notFound('Recording', id);
    return visible;
  }

  return {
    async search(actor: Actor, search: RecordingSearch, page: PageRequest): Promise<Recording[]> {
      requirePermission(actor, 'recordings:read-own');
      const numbers = await numbersOf(actor, search);
      const base = {
        ...(numbers ? { numbers } : {}),
        ...(search.agentId !== undefined ? { agentId: search.agentId } : {}),
        ...(search.from !== undefined ? { from: search.from } : {}),
        ...(search.to !== undefined ? { to: search.to } : {}),
      };
      if (can(actor.role, 'recordings:read-all')) {
        return recordings.search({ ...base, ...scopeOf(actor) }, page);
      }
      if (actor.agentId === null) return [];
      return recordings.search({ ...base, ownAgentId: actor.agentId }, page);
    },

    async load(actor: Actor, ids: readonly string[]) {
      const rows = await recordings.getMany(ids);
      const visible = await visibleOf(
        actor,
        rows.filter((r) => r.deletedAt === null),
      );
      return ids.map((id) => visible.find((r) => r.id === id));
    },

    /** Recordings of calls the actor may see, by call. */
    async ofCalls(actor: Actor, linkedIds: readonly string[]) {
      return visibleOf(actor, await recordings.ofCalls(linkedIds));
    },

    /** The recording's call, when its record exists. */
    callOf: (recording: Recording) => store.calls.getByLinkedId(recording.linkedId),

    /** A signed link to play (or, with `download`, save) the recording. */
    linkTo(actor: Actor, recording: Recording, download: boolean): string {
      return links.sign(
        actor,
        `/recordings/${recording.id}/audio`,
        undefined,
        download ? { download: '1' } : {},
      );
    },

    /** The file of a recording the actor may see: size, MIME type, and a byte-range reader. */
    async file(actor: Actor, id: string) {
      const recording = await visibleOne(actor, id);
      const size = await files.size(recording.name, recording.format);
      if (size === undefined) throw notFound('RecordingFile', id);
      return {
        recording,
        size,
        mimeType: mimeTypeOf(recording.format),
        fileName: `${recording.name.split('/').at(-1)}.${recording.format}`,
        read: (start: number, end: number) =>
          files.read(recording.name, recording.format, start, end),
      };
    },

    /** Indexes a recording the PBX finished; one row per name however often it is reported. */
    async indexFinished(finished: FinishedRecording): Promise<Recording | undefined> {
      const linkedId = linkedIdOfRecording(finished.name, finished.targetUri);
      if (linkedId === null) {
        log.warn({ name: finished.name, target: finished.targetUri }, 'recording of no known call');
        return undefined;
      }
      const durationMs = Math.round(finished.durationS * 1000);
      const recording = await recordings.index({
        linkedId: await resolveLinkedId(linkedId),
        name: finished.name,
        format: finished.format,
        startedAt: finished.at - durationMs,
        endedAt: finished.at,
        durationMs,
        sizeBytes: (await files.size(finished.name, finished.format)) ?? null,
      });
      log.info({ name: recording.name, linkedId: recording.linkedId }, 'recording indexed');
      return recording;
    },

    /** Deletes a recording's file now (admins); the index keeps the row, marked deleted. */
    async delete(actor: Actor, id: string): Promise<Recording> {
      requirePermission(actor, 'records:manage');
      const recording = await visibleOne(actor, id);
      await files.remove(recording.name, recording.format);
      await store.transaction(async (tx) => {
        await audit(tx, clock, actor, {
          action: 'recording.delete',
          entity: 'Recording',
          entityId: recording.id,
          before: recording,
        });
      });
      await recordings.markDeleted([recording.id], clock.now());
      return { ...recording, deletedAt: clock.now() };
    },
  };

  /** A channel's id becomes its call's linkedid when that channel is a known leg. */
  async function resolveLinkedId(id: string): Promise<string> {
    if (await store.calls.getByLinkedId(id)) return id;
    return (await recordings.linkedIdOfChannel(id)) ?? id;
  }
}

/** The recordings service's operations. */
export type RecordingsService = ReturnType<typeof createRecordingsService>;
