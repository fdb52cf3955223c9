/**
 * Collects one call's way through the IVR while it runs (path entries,
 * firewall verdict, schedule period, errors) and turns it into the session
 * record written when the call leaves the IVR.
 */
import type { PathEntry } from '../../domain/ivr/flow.step.ts';
import type { IvrOutcome, IvrPathStep, IvrSession } from '../../domain/ivr/ivr.records.ts';
import type { Period } from '../../domain/ivr/schedule.ts';
import type { CallFacts, LoadedFlow } from './call-context.ts';

const PERIODS: ReadonlySet<string> = new Set(['open', 'half-rest', 'rest', 'holiday']);

/** Most path entries kept per call; a runaway flow is cut here (the session says so). */
const MAX_PATH = 5000;

/** The record of one call, filled in as it goes. */
export class SessionRecorder {
  readonly path: Omit<IvrPathStep, 'sessionId' | 'seq'>[] = [];
  /** Block and VIP entries that decided this call, for their attempt counters. */
  readonly firewallHits: string[] = [];
  private flow: LoadedFlow | null = null;
  private current: LoadedFlow | null = null;
  private firewall: IvrSession['firewall'] = null;
  private period: Period | null = null;
  private errors: string[] = [];
  private outcome: IvrOutcome = 'fallback';
  private detail: string | null = null;
  language: string | null = null;

  constructor(
    readonly call: CallFacts,
    readonly startedAt: number,
  ) {}

  /** The flow (version) the call runs from now on. */
  enter(flow: LoadedFlow): void {
    this.flow ??= flow;
    this.current = flow;
  }

  /** Records the interpreter's path entries. */
  add(entries: readonly PathEntry[]): void {
    for (const e of entries) {
      if (this.path.length >= MAX_PATH) {
        this.error('PATH_TRUNCATED');
        return;
      }
      this.path.push({
        at: e.at,
        flowKey: e.flowId,
        flowVersion: this.current?.version ?? null,
        nodeId: e.nodeId,
        nodeType: e.nodeType,
        event: e.event,
        detail: e.detail === null ? null : e.detail.slice(0, 255),
      });
      this.noteFacts(e);
    }
  }

  private noteFacts(e: PathEntry): void {
    switch (e.event) {
      case 'blocked':
      case 'vip':
        this.firewall = e.event === 'blocked' ? 'block' : 'vip';
        if (e.detail !== null) this.firewallHits.push(e.detail);
        return;
      case 'pass':
        if (e.nodeType === 'firewall') this.firewall = 'pass';
        return;
      case 'period':
        if (e.detail !== null && PERIODS.has(e.detail)) this.period = e.detail as Period;
        return;
      // What went wrong at a node is the supervisor's business too (the flow itself went on).
      case 'lookup-error':
        this.error(`LOOKUP_FAILED ${e.nodeId}: ${e.detail ?? ''}`.trim());
        return;
      case 'error':
        this.error(`${e.nodeId}: ${e.detail ?? 'error'}`);
        return;
      default:
        return;
    }
  }

  /** Something went wrong; kept in order, shown to supervisors. */
  error(reason: string): void {
    if (!this.errors.includes(reason)) this.errors.push(reason);
  }

  /** How the call left the IVR. */
  finish(outcome: IvrOutcome, detail: string | null = null): void {
    this.outcome = outcome;
    this.detail = detail;
  }

  get outcomeOf(): IvrOutcome {
    return this.outcome;
  }

  /** The session row, ended at `endedAt`. */
  session(endedAt: number): Omit<IvrSession, 'id'> {
    const flow = this.flow;
    return {
      channelId: this.call.channelId,
      channelName: this.call.channelName,
      businessLineId: flow?.record.businessLineId ?? null,
      flowId: flow?.record.id ?? null,
      flowKey: flow?.record.key ?? null,
      flowVersion: flow?.version ?? null,
      callerNumber: this.call.callerNumber,
      dialedNumber: this.call.dialedNumber,
      language: this.language,
      firewall: this.firewall,
      period: this.period,
      outcome: this.outcome,
      outcomeDetail: this.detail,
      error: this.errors.length === 0 ? null : this.errors.join('; ').slice(0, 2000),
      startedAt: this.startedAt,
      endedAt,
    };
  }
}
