/**
 * The IVR's repositories: flows and their versions, schedules, firewall
 * entries, DID routes, mailboxes and messages, and the recorded sessions
 * with their paths. `src/store/ivr` implements them on knex; the IVR store
 * shares the main store's database and writes audit entries in the same
 * transaction as the change they describe.
 */
import type { FirewallList } from '../../domain/ivr/firewall.ts';
import type { PathEventCount } from '../../domain/ivr/flow.stats.ts';
import type {
  IvrDidRoute,
  IvrFirewallRecord,
  IvrFlowRecord,
  IvrFlowVersion,
  IvrMailbox,
  IvrPathStep,
  IvrScheduleRecord,
  IvrSession,
  IvrVoicemail,
  VoicemailStatus,
} from '../../domain/ivr/ivr.records.ts';
import type { Schedule } from '../../domain/ivr/schedule.ts';
import type { AuditRepository, PageRequest, ScopeFilter } from '../ports.ts';

/** Flows and their published versions. */
export interface IvrFlowRepository {
  get(id: string): Promise<IvrFlowRecord | undefined>;
  getMany(ids: readonly string[]): Promise<IvrFlowRecord[]>;
  getByKey(key: string): Promise<IvrFlowRecord | undefined>;
  list(filter: ScopeFilter, page: PageRequest): Promise<IvrFlowRecord[]>;
  create(input: {
    businessLineId: string;
    key: string;
    name: string;
    description: string;
    draft: unknown;
  }): Promise<IvrFlowRecord>;
  updateDraft(
    id: string,
    patch: Partial<{ name: string; description: string; draft: unknown }>,
  ): Promise<IvrFlowRecord>;
  /** Points new calls at `version` (which must exist), or at nothing. */
  setActiveVersion(id: string, version: number | null): Promise<IvrFlowRecord>;
  delete(id: string): Promise<void>;
  /** Stores the next version (latest + 1) and makes it active, atomically. */
  publish(
    flowId: string,
    input: { document: unknown; note: string; publishedBy: string | null },
  ): Promise<IvrFlowVersion>;
  getVersion(flowId: string, version: number): Promise<IvrFlowVersion | undefined>;
  /** Newest first. */
  listVersions(flowId: string): Promise<IvrFlowVersion[]>;
}

/** Schedules of business lines. */
export interface IvrScheduleRepository {
  get(id: string): Promise<IvrScheduleRecord | undefined>;
  getMany(ids: readonly string[]): Promise<IvrScheduleRecord[]>;
  getByKey(businessLineId: string, key: string): Promise<IvrScheduleRecord | undefined>;
  list(filter: ScopeFilter, page: PageRequest): Promise<IvrScheduleRecord[]>;
  /** Every schedule of one line (for a call's run context). */
  listForLine(businessLineId: string): Promise<IvrScheduleRecord[]>;
  create(businessLineId: string, schedule: Schedule): Promise<IvrScheduleRecord>;
  update(id: string, schedule: Schedule): Promise<IvrScheduleRecord>;
  delete(id: string): Promise<void>;
}

/** Firewall entries as written (values already normalised). */
export interface FirewallEntryInput {
  businessLineId: string;
  list: FirewallList;
  match: 'number' | 'prefix' | 'anonymous';
  value: string;
  label: string | null;
}

/** Block and VIP lists. */
export interface IvrFirewallRepository {
  get(id: string): Promise<IvrFirewallRecord | undefined>;
  getMany(ids: readonly string[]): Promise<IvrFirewallRecord[]>;
  list(
    filter: ScopeFilter & { list?: FirewallList },
    page: PageRequest,
  ): Promise<IvrFirewallRecord[]>;
  listForLine(businessLineId: string): Promise<IvrFirewallRecord[]>;
  create(input: FirewallEntryInput): Promise<IvrFirewallRecord>;
  update(id: string, patch: { label: string | null }): Promise<IvrFirewallRecord>;
  delete(id: string): Promise<void>;
  /** Counts one call the entry decided (blocked or marked VIP). */
  countAttempt(id: string, at: number): Promise<void>;
}

/** DID to flow routing. */
export interface IvrDidRouteRepository {
  getByDid(did: string): Promise<IvrDidRoute | undefined>;
  list(filter: ScopeFilter & { flowId?: string }, page: PageRequest): Promise<IvrDidRoute[]>;
  /** Creates or re-points the route of `did`. */
  put(input: { did: string; businessLineId: string; flowId: string }): Promise<IvrDidRoute>;
  /** False when there was no such route. */
  delete(did: string): Promise<boolean>;
}

/** Mailboxes. */
export interface IvrMailboxRepository {
  get(id: string): Promise<IvrMailbox | undefined>;
  getMany(ids: readonly string[]): Promise<IvrMailbox[]>;
  getByKey(businessLineId: string, key: string): Promise<IvrMailbox | undefined>;
  list(filter: ScopeFilter, page: PageRequest): Promise<IvrMailbox[]>;
  create(input: {
    businessLineId: string;
    key: string;
    name: string;
    queueId: string | null;
  }): Promise<IvrMailbox>;
  update(id: string, patch: Partial<{ name: string; queueId: string | null }>): Promise<IvrMailbox>;
  delete(id: string): Promise<void>;
}

/** Filter of a message listing. */
export interface VoicemailFilter extends ScopeFilter {
  mailboxId?: string;
  status?: VoicemailStatus;
  assignedUserId?: string;
}

/** Messages. */
export interface IvrVoicemailRepository {
  get(id: string): Promise<IvrVoicemail | undefined>;
  getMany(ids: readonly string[]): Promise<IvrVoicemail[]>;
  /** Newest first. */
  list(filter: VoicemailFilter, page: PageRequest): Promise<IvrVoicemail[]>;
  create(
    input: Omit<
      IvrVoicemail,
      'id' | 'createdAt' | 'updatedAt' | 'status' | 'assignedUserId' | 'handledAt' | 'handledBy'
    >,
  ): Promise<IvrVoicemail>;
  update(
    id: string,
    patch: Partial<Pick<IvrVoicemail, 'status' | 'assignedUserId' | 'handledAt' | 'handledBy'>>,
  ): Promise<IvrVoicemail>;
}

/** Filter of a session listing. */
export interface SessionFilter extends ScopeFilter {
  flowKey?: string;
  from?: number;
  to?: number;
}

/** Which path events to count for statistics. */
export interface PathCountFilter {
  flowKey: string;
  /** Only calls that ran this version; all versions when absent. */
  version?: number;
  from?: number;
  to?: number;
}

/** Recorded sessions and their paths. */
export interface IvrSessionRepository {
  /** Writes a finished session and its path in one transaction. */
  save(
    session: Omit<IvrSession, 'id'>,
    path: readonly Omit<IvrPathStep, 'sessionId' | 'seq'>[],
  ): Promise<IvrSession>;
  get(id: string): Promise<IvrSession | undefined>;
  getMany(ids: readonly string[]): Promise<IvrSession[]>;
  getByChannelIds(channelIds: readonly string[]): Promise<IvrSession[]>;
  /** Newest first. */
  list(filter: SessionFilter, page: PageRequest): Promise<IvrSession[]>;
  pathOf(sessionIds: readonly string[]): Promise<IvrPathStep[]>;
  countPathEvents(filter: PathCountFilter): Promise<PathEventCount[]>;
}

/** Every IVR repository, plus the audit log, over one executor. */
export interface IvrRepositories {
  flows: IvrFlowRepository;
  schedules: IvrScheduleRepository;
  firewall: IvrFirewallRepository;
  didRoutes: IvrDidRouteRepository;
  mailboxes: IvrMailboxRepository;
  voicemails: IvrVoicemailRepository;
  sessions: IvrSessionRepository;
  audit: AuditRepository;
}

/** The IVR's view of the database. */
export interface IvrStore extends IvrRepositories {
  /** Runs `work` in one transaction: the change and its audit entry, or nothing. */
  transaction<T>(work: (tx: IvrRepositories) => Promise<T>): Promise<T>;
}
