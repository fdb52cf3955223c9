/**
 * The IVR runtime's shape: what it is built from, what the FastAGI adapter
 * calls, and the events observers (tests, the bench) see.
 */
import type { Action } from '../../domain/ivr/flow.step.ts';
import type { IvrPathStep, IvrSession } from '../../domain/ivr/ivr.records.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../ports.ts';
import type { RecordSink } from '../records/ports.ts';
import type { CallFacts } from './call-context.ts';
import type { DialPlanOptions } from './hand-off.ts';
import type { IvrChannel, IvrMetrics, LookupHttp } from './ports.ts';
import type { IvrStore } from './store-ports.ts';

/** What the runtime tells observers (tests, the bench, a future live view). */
export type IvrEvent =
  | {
      readonly type: 'session-started';
      readonly channelId: string;
      readonly flowKey: string;
      readonly version: number;
    }
  /** Emitted just before the action is carried out. */
  | {
      readonly type: 'action';
      readonly channelId: string;
      readonly nodeId: string | null;
      readonly action: Action;
    }
  | {
      readonly type: 'session-ended';
      readonly channelId: string;
      readonly session: IvrSession | Omit<IvrSession, 'id'>;
      readonly path: readonly Omit<IvrPathStep, 'sessionId' | 'seq'>[];
    };

/** What the runtime is built from. */
export interface IvrRuntimeDeps {
  readonly store: Store;
  readonly ivr: IvrStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: IvrMetrics;
  readonly http: LookupHttp;
  readonly dial: DialPlanOptions;
  /** Unique ids for recording names. */
  readonly newId: () => string;
  /** Where the call-detail record of each call goes (its `ivrPath`, and the end of calls that end here). */
  readonly records?: RecordSink;
}

/** The runtime as the FastAGI adapter sees it. */
export interface IvrRuntime {
  /** Runs one call; resolves once it left the IVR and its session is written. */
  runCall(call: CallFacts, channel: IvrChannel): Promise<void>;
  /** Calls in the IVR right now. */
  active(): number;
  /** Observes runtime events; returns the unsubscribe function. */
  onEvent(listener: (event: IvrEvent) => void): () => void;
}
