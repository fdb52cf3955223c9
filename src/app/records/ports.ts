/**
 * The ports of call-record capture. Call handling (ACD, IVR, dialer) and the
 * PBX capture hand call pictures to a {@link RecordSink}; the durable writer
 * behind it batches them into the database through a {@link RecordBatchStore}
 * and, while the database is unreachable, keeps them in a {@link RecordOutbox}.
 */
import type { CallLeg, CallRecord } from '../../domain/call/call-record.ts';
import type { RecordEntry } from '../../domain/call/record-entry.ts';
import type { Recording, RecordingInput } from '../../domain/call/recording.ts';
import type { StateInterval } from '../../domain/reports/agent-time.ts';
import type { CallCounters } from '../../domain/reports/call-facts.ts';
import type { AgentTime } from '../../domain/reports/kpi.ts';
import type { Rate } from '../../domain/reports/rating.ts';
import type { RegionCounters } from '../../domain/reports/rollup.ts';
import type { PageRequest } from '../ports.ts';

export type { LegInput, RecordEntry, RecordInput } from '../../domain/call/record-entry.ts';

/** Where finished (or updated) call pictures go. */
export interface RecordSink {
  /**
   * Hands over a call's current picture. Resolves once it is durable:
   * written to the database, or appended to the outbox while the database
   * is away. Never rejects because of the database.
   */
  put(entry: RecordEntry): Promise<void>;
}

/** The database side of the writer. */
export interface RecordBatchStore {
  /** Writes a batch in one transaction, idempotently (unique keys on Asterisk ids). */
  writeBatch(entries: readonly RecordEntry[]): Promise<void>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
}

/** A local append-only file of entries waiting for the database. */
export interface RecordOutbox {
  /** Appends entries (in order) and makes them durable before resolving. */
  append(entries: readonly RecordEntry[]): Promise<void>;
  /** Up to `max` entries from `cursor` on, and the cursor after them. */
  read(cursor: number, max: number): Promise<{ entries: RecordEntry[]; next: number }>;
  /** True when nothing lies at or after `cursor`. */
  exhausted(cursor: number): Promise<boolean>;
  /** Empties the outbox (everything in it has been written). */
  clear(): Promise<void>;
  /** Entries currently kept (for the gauge); may be approximate after a restart. */
  size(): number;
}

/** Counters and gauges of the writer. */
export interface RecordWriterMetrics {
  written(count: number, seconds: number): void;
  rejected(count: number): void;
  outboxed(count: number): void;
  outboxSize(count: number): void;
  databaseUp(up: boolean): void;
}

/** Filter of a recording search; `to` is exclusive. */
export interface RecordingFilter {
  /** Only recordings of calls of these business lines (undefined: all). */
  businessLineIds?: readonly string[];
  /** Only recordings of calls this agent took part in (an agent's own). */
  ownAgentId?: string;
  /** Only recordings of calls handled by this agent (a search criterion). */
  agentId?: string;
  /** Calls from or to any of these numbers (caller or dialled). */
  numbers?: readonly string[];
  from?: number;
  to?: number;
}

/** The recording index. */
export interface RecordingRepository {
  /** Inserts or updates by name (a recording finished twice is one row). */
  index(input: RecordingInput): Promise<Recording>;
  get(id: string): Promise<Recording | undefined>;
  getMany(ids: readonly string[]): Promise<Recording[]>;
  /** Newest first (by end time). Deleted recordings are left out. */
  search(filter: RecordingFilter, page: PageRequest): Promise<Recording[]>;
  /** Recordings of these calls (by linkedid), deleted ones left out. */
  ofCalls(linkedIds: readonly string[]): Promise<Recording[]>;
  /** Recordings (not yet deleted) that ended before `cutoff`, of calls of `businessLineIds` (null: calls of no line), oldest first. */
  endedBefore(
    cutoff: number,
    scope: { businessLineIds?: readonly string[]; exceptBusinessLineIds?: readonly string[] },
    limit: number,
  ): Promise<Recording[]>;
  markDeleted(ids: readonly string[], at: number): Promise<void>;
  /** The linkedid of the call a channel (leg) belongs to. */
  linkedIdOfChannel(channelId: string): Promise<string | undefined>;
}

/** Recording files where Asterisk writes them. */
export interface RecordingFiles {
  /** Size in bytes, or undefined when the file is missing. */
  size(name: string, format: string): Promise<number | undefined>;
  /** Bytes `start`..`end` (inclusive) of the file. */
  read(name: string, format: string, start: number, end: number): AsyncIterable<Uint8Array>;
  /** Removes the file; false when it was already gone. */
  remove(name: string, format: string): Promise<boolean>;
}

/** Short-lived signed URLs (recordings to play, exports to download). */
export interface UrlSigner {
  /** A signature of `payload` (which should include an expiry). */
  sign(payload: string): string;
  /** True when `signature` is `payload`'s. */
  verify(payload: string, signature: string): boolean;
}

/** What a report reads: whole 15-minute buckets in [from, to), narrowed by dimensions. */
export interface RollupFilter {
  from: number;
  to: number;
  businessLineIds?: readonly string[];
  queueIds?: readonly string[];
  agentIds?: readonly string[];
  campaignIds?: readonly string[];
  directions?: readonly string[];
}

/** The dimension report rows are split by. */
export type RollupDimension =
  | 'queue'
  | 'agent'
  | 'campaign'
  | 'business-line'
  | 'direction'
  | 'none';

/** Counters of one bucket and one value of the dimension ('' = none). */
export interface RollupSlice {
  bucketStart: number;
  dimension: string;
  counters: CallCounters;
}

/** Agent time of one bucket and agent. */
export interface AgentTimeSlice {
  bucketStart: number;
  agentId: string;
  businessLineId: string;
  time: AgentTime;
}

/** Caller-origin counters of one bucket and origin. */
export interface RegionSlice {
  bucketStart: number;
  country: string;
  region: string;
  numberType: string;
  counters: RegionCounters;
}

/** A rate table and its rates (RPT-4). */
export interface RateTable {
  id: string;
  /** The business line it prices; null: every line without a table of its own. */
  businessLineId: string | null;
  name: string;
  currency: string;
  rates: Rate[];
  createdAt: number;
  updatedAt: number;
}

/** How long a business line keeps records and recordings (RPT-6, REC-3); null days: forever. */
export interface RetentionSetting {
  /** null: the default for lines without a setting of their own. */
  businessLineId: string | null;
  callDays: number | null;
  recordingDays: number | null;
  /** Write deleted call records to the archive before deleting them. */
  archive: boolean;
  updatedAt: number;
}

/** Which calls a retention pass deletes. */
export interface RetentionScope {
  businessLineIds?: readonly string[];
  exceptBusinessLineIds?: readonly string[];
}

/** Rollups, agent time, rates, regions and retention. */
export interface ReportRepository {
  /** Buckets whose rollups are out of date, oldest first. */
  dirtyBuckets(limit: number): Promise<number[]>;
  /** Recomputes the rollups of one bucket from its raw calls and agent intervals. */
  rebuildBucket(bucket: number): Promise<void>;
  /** Recomputes the rollups of several buckets (consecutive ones read together). */
  rebuildBuckets(buckets: readonly number[]): Promise<void>;
  /**
   * Call counters per dimension value and 15-minute bucket, or, given
   * `periodStarts` (ascending), summed per period in the database: each
   * slice then carries the start of its period as `bucketStart`.
   */
  callSlices(
    filter: RollupFilter,
    dimension: RollupDimension,
    periodStarts?: readonly number[],
  ): Promise<RollupSlice[]>;
  agentTimeSlices(filter: RollupFilter): Promise<AgentTimeSlice[]>;
  regionSlices(filter: RollupFilter): Promise<RegionSlice[]>;
  /** Stores agent state intervals and marks their buckets for the rollups. */
  appendStateIntervals(intervals: readonly StateInterval[]): Promise<void>;
  /** Finished and live calls an agent took part in that started at or after `from`. */
  callsOfAgentSince(agentId: string, from: number): Promise<CallRecord[]>;
  listRateTables(): Promise<RateTable[]>;
  /** Creates or replaces (by id) a rate table with its rates. */
  saveRateTable(table: Omit<RateTable, 'createdAt' | 'updatedAt'>, at: number): Promise<RateTable>;
  deleteRateTable(id: string): Promise<boolean>;
  listRegionPrefixes(): Promise<Array<{ prefix: string; region: string }>>;
  /** Replaces the whole prefix table. */
  replaceRegionPrefixes(
    rows: ReadonlyArray<{ prefix: string; region: string }>,
    at: number,
  ): Promise<void>;
  listRetention(): Promise<RetentionSetting[]>;
  saveRetention(
    setting: Omit<RetentionSetting, 'updatedAt'>,
    at: number,
  ): Promise<RetentionSetting>;
  /** Up to `limit` of the oldest calls started before `cutoff` in `scope` (with their legs). */
  callsBefore(
    cutoff: number,
    scope: RetentionScope,
    limit: number,
  ): Promise<Array<{ call: CallRecord; legs: CallLeg[] }>>;
  /** Deletes calls (and their legs) by id; rollups keep their totals. */
  deleteCalls(ids: readonly string[]): Promise<number>;
}

/** Where retention writes records before deleting them. */
export interface RecordArchive {
  append(kind: 'calls' | 'recordings', rows: readonly unknown[]): Promise<void>;
}
