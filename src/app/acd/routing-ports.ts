/**
 * Repository ports of the ACD's routing data: per-queue ACD settings, the
 * DID routing table, the VIP lists, and the call history the sticky agent
 * reads. `src/store` implements them; `Repositories` (../ports.ts) holds one
 * of each.
 */
import type { AgentPresence } from '../../domain/acd/agent.restore.ts';
import type { DidRouteRecord, VipCaller } from '../../domain/acd/routing.records.ts';
import type { CallLeg, CallRecord } from '../../domain/call/call-record.ts';
import type { PageRequest, ScopeFilter } from '../ports.ts';

/** ACD settings of queues, stored as JSON documents (validated by the app). */
export interface QueueSettingsRepository {
  /** The stored document of each queue that has one, by queue id. */
  getMany(queueIds: readonly string[]): Promise<Map<string, unknown>>;
  /** Replaces a queue's document. */
  put(queueId: string, settings: unknown): Promise<void>;
}

/** Fields a DID route is created or updated with. */
export type DidRouteInput = Omit<DidRouteRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** The DID routing table. */
export interface DidRouteRepository {
  get(id: string): Promise<DidRouteRecord | undefined>;
  getMany(ids: readonly string[]): Promise<DidRouteRecord[]>;
  /** Routes of the filter's business lines, by DID then trunk. */
  list(filter: ScopeFilter, page: PageRequest): Promise<DidRouteRecord[]>;
  create(input: DidRouteInput): Promise<DidRouteRecord>;
  update(id: string, patch: Partial<DidRouteInput>): Promise<DidRouteRecord>;
  delete(id: string): Promise<void>;
}

/** Fields a VIP caller is created or updated with. */
export type VipCallerInput = Omit<VipCaller, 'id' | 'createdAt' | 'updatedAt'>;

/** VIP callers of business lines. */
export interface VipCallerRepository {
  get(id: string): Promise<VipCaller | undefined>;
  getMany(ids: readonly string[]): Promise<VipCaller[]>;
  /** Entries of the filter's business lines, by number. */
  list(filter: ScopeFilter, page: PageRequest): Promise<VipCaller[]>;
  create(input: VipCallerInput): Promise<VipCaller>;
  update(id: string, patch: Partial<VipCallerInput>): Promise<VipCaller>;
  delete(id: string): Promise<void>;
}

/** The agent who last served a number of a business line. */
export interface LastServed {
  readonly businessLineId: string;
  readonly ani: string;
  readonly agentId: string;
  /** When that agent answered. */
  readonly at: number;
}

/** A call record our application left open (no end yet), as stored. */
export interface OpenCallRecord {
  readonly record: CallRecord;
  /** Its legs, in the order they started. */
  readonly legs: readonly CallLeg[];
  /** Revision of the picture stored last (null for records written before revisions). */
  readonly revision: number | null;
}

/**
 * What the ACD reads from the call history, and what it saves to take its
 * state back after a restart (SEC-5).
 */
export interface AcdHistoryRepository {
  /**
   * For each (business line, caller number) answered by an agent since
   * `since`, the latest such answer; at most `limit` numbers, newest first.
   */
  lastServed(since: number, limit: number): Promise<LastServed[]>;
  /** Application records with no end that started since `since`, oldest first. */
  openCalls(since: number): Promise<OpenCallRecord[]>;
  /** The saved presence of every agent that has one. */
  presence(): Promise<AgentPresence[]>;
  /** Saves agents' presence, replacing what was saved of each. */
  putPresence(rows: readonly AgentPresence[]): Promise<void>;
}
