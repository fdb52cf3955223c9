/**
 * The narrow interfaces the application layer needs from the outside world.
 * `src/store` implements the repositories on knex/objection; tests and other
 * adapters depend on these shapes only.
 */

import type { CallDirection, CallLeg, CallRecord } from '../domain/call/call-record.ts';
import type {
  Agent,
  AgentSkill,
  ApiKey,
  BusinessLine,
  Contact,
  ContactPhone,
  Queue,
  QueueMembership,
  QueueSkill,
  Skill,
  User,
} from '../domain/directory/entities.ts';
import type { AuditEntry } from '../domain/shared/audit.ts';
import type { Role } from '../domain/shared/roles.ts';
import type {
  CallbackRepository,
  QueueCallbackSettingsRepository,
} from './acd/callbacks/callback-ports.ts';
import type {
  AcdHistoryRepository,
  DidRouteRepository,
  QueueSettingsRepository,
  VipCallerRepository,
} from './acd/routing-ports.ts';
import type { RecordingRepository, ReportRepository } from './records/ports.ts';

/** Offset pagination; the API turns it into Relay connections. */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** Restricts a listing to some business lines; `undefined` means all (admins). */
export interface ScopeFilter {
  businessLineIds?: readonly string[];
}

/** Business lines (tenants). */
export interface BusinessLineRepository {
  get(id: string): Promise<BusinessLine | undefined>;
  getMany(ids: readonly string[]): Promise<BusinessLine[]>;
  getByName(name: string): Promise<BusinessLine | undefined>;
  list(
    filter: ScopeFilter & { ids?: readonly string[] },
    page: PageRequest,
  ): Promise<BusinessLine[]>;
  create(input: { name: string; timezone: string; defaultCountry: string }): Promise<BusinessLine>;
  update(
    id: string,
    patch: Partial<Pick<BusinessLine, 'name' | 'timezone' | 'defaultCountry'>>,
  ): Promise<BusinessLine>;
}

/** A user plus what only authentication may see. */
export interface UserWithSecret extends User {
  passwordHash: string | null;
}

/** Users and their roles. */
export interface UserRepository {
  get(id: string): Promise<User | undefined>;
  getMany(ids: readonly string[]): Promise<User[]>;
  getByUsernameWithSecret(username: string): Promise<UserWithSecret | undefined>;
  list(filter: ScopeFilter & { role?: Role }, page: PageRequest): Promise<User[]>;
  count(): Promise<number>;
  create(input: {
    username: string;
    displayName: string;
    role: Role;
    agentId: string | null;
    businessLineIds: readonly string[];
    passwordHash: string | null;
  }): Promise<User>;
  update(
    id: string,
    patch: Partial<{
      displayName: string;
      role: Role;
      agentId: string | null;
      businessLineIds: readonly string[];
      disabled: boolean;
      passwordHash: string | null;
    }>,
  ): Promise<User>;
}

/** API keys (hashed) and login sessions (hashed tokens). */
export interface CredentialRepository {
  createApiKey(input: {
    userId: string;
    name: string;
    prefix: string;
    hash: string;
  }): Promise<ApiKey>;
  findApiKeyByHash(hash: string): Promise<ApiKey | undefined>;
  listApiKeys(userId: string): Promise<ApiKey[]>;
  getApiKey(id: string): Promise<ApiKey | undefined>;
  revokeApiKey(id: string): Promise<ApiKey>;
  touchApiKey(id: string): Promise<void>;
  createSession(input: { userId: string; hash: string; expiresAt: number }): Promise<void>;
  findSessionByHash(hash: string): Promise<{ userId: string; expiresAt: number } | undefined>;
  deleteSession(hash: string): Promise<void>;
}

/** Fields an agent is created or updated with: the stored agent less ids and times. */
export type AgentInput = Omit<Agent, 'id' | 'createdAt' | 'updatedAt' | 'skills'> & {
  skills: readonly AgentSkill[];
};

/** Agents and their skills. */
export interface AgentRepository {
  get(id: string): Promise<Agent | undefined>;
  getMany(ids: readonly string[]): Promise<Agent[]>;
  getByExtension(extension: string): Promise<Agent | undefined>;
  list(filter: ScopeFilter & { ids?: readonly string[] }, page: PageRequest): Promise<Agent[]>;
  create(input: AgentInput): Promise<Agent>;
  update(id: string, patch: Partial<AgentInput>): Promise<Agent>;
  delete(id: string): Promise<void>;
}

/** Skills. */
export interface SkillRepository {
  get(id: string): Promise<Skill | undefined>;
  getMany(ids: readonly string[]): Promise<Skill[]>;
  getByName(name: string): Promise<Skill | undefined>;
  list(page: PageRequest): Promise<Skill[]>;
  create(input: { name: string; description: string }): Promise<Skill>;
  update(id: string, patch: Partial<{ name: string; description: string }>): Promise<Skill>;
  delete(id: string): Promise<void>;
}

/** Fields a queue is created or updated with: the stored queue less ids and times. */
export type QueueInput = Omit<Queue, 'id' | 'createdAt' | 'updatedAt' | 'requiredSkills'> & {
  requiredSkills: readonly QueueSkill[];
};

/** Queues and who is in them. */
export interface QueueRepository {
  get(id: string): Promise<Queue | undefined>;
  getMany(ids: readonly string[]): Promise<Queue[]>;
  getByName(businessLineId: string, name: string): Promise<Queue | undefined>;
  list(filter: ScopeFilter & { ids?: readonly string[] }, page: PageRequest): Promise<Queue[]>;
  create(input: QueueInput): Promise<Queue>;
  update(id: string, patch: Partial<QueueInput>): Promise<Queue>;
  delete(id: string): Promise<void>;
  addMember(input: { queueId: string; agentId: string; penalty: number }): Promise<QueueMembership>;
  removeMember(queueId: string, agentId: string): Promise<boolean>;
  membersOf(queueIds: readonly string[]): Promise<QueueMembership[]>;
  queuesOf(agentIds: readonly string[]): Promise<QueueMembership[]>;
}

/** Fields a contact is created or updated with (phones already in E.164). */
export type ContactInput = Omit<Contact, 'id' | 'createdAt' | 'updatedAt' | 'phones'> & {
  phones: readonly ContactPhone[];
};

/** Customers and their numbers. */
export interface ContactRepository {
  get(id: string): Promise<Contact | undefined>;
  getMany(ids: readonly string[]): Promise<Contact[]>;
  list(
    filter: ScopeFilter & { search?: string; phone?: string },
    page: PageRequest,
  ): Promise<Contact[]>;
  findByPhone(businessLineId: string, e164: string): Promise<Contact[]>;
  create(input: ContactInput): Promise<Contact>;
  update(id: string, patch: Partial<ContactInput>): Promise<Contact>;
  delete(id: string): Promise<void>;
}

/** Filter for call listings. */
export interface CallFilter extends ScopeFilter {
  /** Only calls this agent took part in. */
  agentId?: string;
  queueId?: string;
  from?: number;
  to?: number;
  /** Only calls from one of these caller numbers (ANI, as recorded). */
  anis?: readonly string[];
  /** Only calls from or to one of these numbers (ANI or DNIS, as recorded). */
  numbers?: readonly string[];
  campaignId?: string;
  disposition?: string;
  direction?: CallDirection;
}

/** Call-detail records. Upserts are idempotent on Asterisk ids. */
export interface CallRepository {
  get(id: string): Promise<CallRecord | undefined>;
  getByLinkedId(linkedId: string): Promise<CallRecord | undefined>;
  list(filter: CallFilter, page: PageRequest): Promise<CallRecord[]>;
  legsOf(callIds: readonly string[]): Promise<CallLeg[]>;
  /** Inserts or updates by linkedId; returns the stored record. */
  upsertCall(record: Omit<CallRecord, 'id'>): Promise<CallRecord>;
  /** Inserts or updates by channelId. */
  upsertLeg(leg: Omit<CallLeg, 'id'>): Promise<CallLeg>;
  /**
   * Writes the agent's wrap-up (disposition code, notes) on the call with
   * `linkedId`, touching no other column; undefined when there is no such call.
   */
  setWrapUp(linkedId: string, wrapUp: CallWrapUp): Promise<CallRecord | undefined>;
}

/** What an agent records at wrap-up (AGT-6). */
export interface CallWrapUp {
  /** Null: no code given (allowed unless the call's queue requires one). */
  disposition: string | null;
  notes: string | null;
}

/** Append-only audit log. */
export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  list(
    filter: { actorUserId?: string; entity?: string; entityId?: string },
    page: PageRequest,
  ): Promise<AuditEntry[]>;
}

/** Every repository, as one transaction sees them. */
export interface Repositories {
  businessLines: BusinessLineRepository;
  users: UserRepository;
  credentials: CredentialRepository;
  agents: AgentRepository;
  skills: SkillRepository;
  queues: QueueRepository;
  contacts: ContactRepository;
  calls: CallRepository;
  audit: AuditRepository;
  /** ACD settings of queues, the DID table, VIP lists, and the history the sticky agent reads. */
  queueSettings: QueueSettingsRepository;
  didRoutes: DidRouteRepository;
  vipCallers: VipCallerRepository;
  acdHistory: AcdHistoryRepository;
  /** Callback tasks (ACD-9) and each queue's callback settings. */
  callbacks: CallbackRepository;
  callbackSettings: QueueCallbackSettingsRepository;
  /** The recording index (REC-1..3). */
  recordings: RecordingRepository;
  /** Rollups, agent time, rate tables, region prefixes, retention (RPT-2..6). */
  reports: ReportRepository;
}

/** The database as the app sees it. */
export interface Store extends Repositories {
  /** Runs `work` in one transaction: all of it is written or none. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Resolves when the database answers; for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Hashing of secrets: passwords (slow hash) and API keys/tokens (digest). */
export interface SecretHasher {
  hashPassword(password: string): Promise<string>;
  verifyPassword(password: string, stored: string): Promise<boolean>;
  /** A new random secret suitable as an API key or session token. */
  newToken(): string;
  /** Deterministic digest of a high-entropy token, for lookup. */
  digest(token: string): string;
}
