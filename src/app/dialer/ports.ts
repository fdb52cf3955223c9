/**
 * What the dialer needs from the database and the PBX: its own
 * repositories (campaigns, lists, records, do-not-call, attempts, imports,
 * abandon counts) and outbound call control. `src/store/dialer` and
 * `src/asterisk/dialer` implement them; tests use the same or fakes.
 */

import type { DayCounts } from '../../domain/dialer/abandon-budget.ts';
import type { Campaign, CampaignSettings, CampaignStatus } from '../../domain/dialer/campaign.ts';
import type { FollowUp } from '../../domain/dialer/follow-up.ts';
import type { NumberSet } from '../../domain/dialer/number-set.ts';
import type { AttemptOutcome } from '../../domain/dialer/outcome.ts';
import type { RecordNumber, RecordStatus } from '../../domain/dialer/retry.ts';
import type { ControlOutcome } from '../acd/ports.ts';
import type { AuditRepository, PageRequest, ScopeFilter } from '../ports.ts';

/** A number of a record as stored: with its country (for holidays). */
export interface StoredNumber extends RecordNumber {
  readonly country: string | null;
}

/** A contact of a list. */
export interface ListRecord {
  readonly id: number;
  readonly listId: string;
  readonly campaignId: string;
  readonly name: string;
  readonly externalId: string | null;
  /** Other CSV columns, shown on the screen pop. */
  readonly data: Readonly<Record<string, string>>;
  readonly numbers: readonly StoredNumber[];
  readonly status: RecordStatus;
  readonly attempts: number;
  /** Earliest time of the next attempt. */
  readonly nextAt: number;
  /** Agent the record is reserved for (preview) or was last talked to. */
  readonly agentId: string | null;
}

/** A new record. */
export type NewRecord = Omit<ListRecord, 'id' | 'attempts' | 'agentId'>;

/** A campaign's list. */
export interface CallList {
  readonly id: string;
  readonly campaignId: string;
  readonly name: string;
  readonly createdAt: number;
}

/** One dial attempt. */
export interface Attempt {
  readonly id: number;
  readonly campaignId: string;
  readonly recordId: number;
  readonly e164: string;
  readonly channelId: string;
  readonly agentId: string | null;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly connectedAt: number | null;
  readonly endedAt: number | null;
  readonly outcome: AttemptOutcome | null;
  readonly amd: string | null;
  readonly hangupCause: number | null;
  readonly disposition: string | null;
  readonly notes: string | null;
  /** Keys a broadcast callee pressed that the campaign keeps (DIAL-6): its answer or the agent key. */
  readonly dtmf: string | null;
}

/** A do-not-call entry; `scope` is a business line id or `global`. */
export interface DncEntry {
  readonly id: string;
  readonly scope: string;
  readonly e164: string;
  readonly reason: string;
  readonly createdAt: number;
}

/** Status of a CSV import. */
export type ImportStatus = 'running' | 'completed' | 'failed' | 'cancelled';

/** A CSV import and its counts. */
export interface ListImport {
  readonly id: string;
  readonly listId: string;
  readonly status: ImportStatus;
  /** Data rows in the file, when known before the end. */
  readonly rowsTotal: number | null;
  readonly rowsDone: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly dnc: number;
  readonly errors: number;
  readonly message: string | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

/** One rejected row of an import. */
export interface ImportRowError {
  readonly rowNumber: number;
  readonly reason: string;
}

/** Campaign fields as written. */
export interface CampaignInput {
  readonly businessLineId: string;
  readonly name: string;
  readonly status: CampaignStatus;
  readonly agentIds: readonly string[];
  readonly queueIds: readonly string[];
  readonly settings: CampaignSettings;
}

/** Record counts by status. */
export type StatusCounts = Partial<Record<RecordStatus, number>>;

/** The dialer's repositories over one executor (pool or transaction). */
export interface DialerRepositories {
  campaigns: {
    get(id: string): Promise<Campaign | undefined>;
    list(filter: ScopeFilter, page: PageRequest): Promise<Campaign[]>;
    create(input: CampaignInput): Promise<Campaign>;
    update(id: string, patch: Partial<CampaignInput>): Promise<Campaign>;
    delete(id: string): Promise<void>;
  };
  lists: {
    get(id: string): Promise<CallList | undefined>;
    ofCampaign(campaignId: string): Promise<CallList[]>;
    create(input: { campaignId: string; name: string }): Promise<CallList>;
  };
  records: {
    get(id: number): Promise<ListRecord | undefined>;
    insertMany(rows: readonly NewRecord[]): Promise<void>;
    /** Records of a campaign due at `now` (pending or scheduled), oldest due first. */
    due(campaignId: string, now: number, limit: number): Promise<ListRecord[]>;
    /** Writes status, numbers, attempts, next time and agent. */
    save(
      id: number,
      patch: Partial<Pick<ListRecord, 'status' | 'numbers' | 'attempts' | 'nextAt' | 'agentId'>>,
    ): Promise<void>;
    /**
     * Moves records left in progress or reserved (a restart) back to
     * scheduled, but for `keep`: records whose calls were taken back.
     */
    releaseInProgress(campaignId: string, now: number, keep?: readonly number[]): Promise<number>;
    countsByStatus(campaignId: string, listId?: string): Promise<StatusCounts>;
    /** Every number of a campaign's records, as DNC keys (dedup of an import). */
    numberKeys(campaignId: string): Promise<NumberSet>;
    /** A record reserved for an agent (preview), if any. */
    reservedFor(campaignId: string, agentId: string): Promise<ListRecord | undefined>;
  };
  dnc: {
    add(entry: { scope: string; e164: string; reason: string }): Promise<DncEntry>;
    remove(scope: string, e164: string): Promise<boolean>;
    list(scopes: readonly string[], page: PageRequest): Promise<DncEntry[]>;
    /** Which of these numbers are blocked in one of these scopes. */
    blocked(scopes: readonly string[], e164s: readonly string[]): Promise<Set<string>>;
    /** Every number of a scope, as DNC keys. */
    keys(scope: string): Promise<NumberSet>;
  };
  attempts: {
    create(
      input: Omit<Attempt, 'id' | 'dtmf'> & { readonly dtmf?: string | null },
    ): Promise<Attempt>;
    update(id: number, patch: Partial<Omit<Attempt, 'id'>>): Promise<void>;
    get(id: number): Promise<Attempt | undefined>;
    ofRecord(recordId: number): Promise<Attempt[]>;
    ofCampaign(campaignId: string, page: PageRequest): Promise<Attempt[]>;
    /** Attempts of a campaign with no end written (calls a previous run left), oldest first. */
    open(campaignId: string): Promise<Attempt[]>;
    /** Attempts of a campaign since `from`, counted by outcome. */
    outcomes(campaignId: string, from: number): Promise<Partial<Record<AttemptOutcome, number>>>;
  };
  abandon: {
    /** Adds one answered call (abandoned or not) to a day. */
    count(campaignId: string, day: string, abandoned: boolean): Promise<void>;
    days(campaignId: string, fromDay: string): Promise<DayCounts[]>;
  };
  imports: {
    create(listId: string, startedAt: number): Promise<ListImport>;
    get(id: string): Promise<ListImport | undefined>;
    update(id: string, patch: Partial<Omit<ListImport, 'id' | 'listId'>>): Promise<void>;
    addErrors(importId: string, errors: readonly ImportRowError[]): Promise<void>;
    errors(importId: string, page: PageRequest): Promise<ImportRowError[]>;
  };
  followUps: {
    create(
      input: Omit<
        FollowUp,
        'id' | 'status' | 'dialledFor' | 'dialledAgentId' | 'callId' | 'createdAt' | 'updatedAt'
      >,
    ): Promise<FollowUp>;
    get(id: string): Promise<FollowUp | undefined>;
    update(
      id: string,
      patch: Partial<Pick<FollowUp, 'status' | 'dialledFor' | 'dialledAgentId' | 'callId'>>,
    ): Promise<void>;
    /** Scheduled follow-ups of a campaign due at `now`, oldest first. */
    due(campaignId: string, now: number, limit: number): Promise<FollowUp[]>;
    /**
     * Follow-ups not cancelled, due up to `until`, by due time: of one agent
     * and/or of some campaigns (null: no filter on that).
     */
    list(
      filter: { agentId: string | null; campaignIds: readonly string[] | null },
      until: number,
      limit: number,
    ): Promise<FollowUp[]>;
    /** Whether a scheduled follow-up holds the record. */
    holds(recordId: number): Promise<boolean>;
  };
  audit: AuditRepository;
}

/** The dialer's database. */
export interface DialerStore extends DialerRepositories {
  transaction<T>(work: (tx: DialerRepositories) => Promise<T>): Promise<T>;
}

/** What the PBX tells the dialer about its legs (translated at the adapter). */
export type DialerPbxEvent =
  /** A callee's phone rings (early media and ringback are not an answer). */
  | { readonly type: 'leg-ringing'; readonly channelId: string }
  /** The callee answered: the leg is in our application, before AMD. */
  | { readonly type: 'callee-answered'; readonly channelId: string }
  /** The dialplan's AMD() verdict: HUMAN, MACHINE, NOTSURE or HANGUP. */
  | { readonly type: 'amd-result'; readonly channelId: string; readonly verdict: string }
  /** The agent picked up its leg of an outbound call. */
  | { readonly type: 'agent-answered'; readonly channelId: string }
  /** A dialer leg is gone; `cause` is Q.850 when known. */
  | { readonly type: 'leg-ended'; readonly channelId: string; readonly cause: number | null }
  /** A message played on a leg finished. */
  | { readonly type: 'playback-finished'; readonly channelId: string }
  /** The callee pressed a key. */
  | { readonly type: 'key-pressed'; readonly channelId: string; readonly key: string };

/** Call control for outbound calls. */
export interface DialerCallControl {
  /** Dials a callee through the trunk; the answered leg enters our application. */
  originateCallee(req: {
    readonly channelId: string;
    readonly endpoint: string;
    readonly callerId: string | null;
    readonly timeoutS: number;
  }): Promise<ControlOutcome>;
  /** Sends an answered callee through the dialplan's AMD, which hands it back with a verdict. */
  runAmd(channelId: string, exten: string): Promise<ControlOutcome>;
  /** Rings an agent's phone for an outbound call. */
  originateAgent(req: {
    readonly channelId: string;
    readonly endpoint: string;
    readonly callerNumber: string;
    readonly originator: string;
    readonly timeoutS: number;
  }): Promise<ControlOutcome>;
  connect(bridgeId: string, channelIds: readonly string[]): Promise<ControlOutcome>;
  record(bridgeId: string, name: string): Promise<ControlOutcome>;
  /** Plays sounds in turn on a leg (safe-harbor message, machine message, broadcast message). */
  play(channelId: string, media: string | readonly string[]): Promise<ControlOutcome>;
  /**
   * Hands an answered callee into an ACD queue (broadcast agent key): the
   * leg leaves the dialer and enters the ACD like the IVR's queue hand-off.
   */
  toQueue(channelId: string, queueId: string): Promise<ControlOutcome>;
  hangup(channelId: string, cause: number): Promise<ControlOutcome>;
  destroyBridge(bridgeId: string): Promise<ControlOutcome>;
}
