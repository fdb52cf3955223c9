/**
 * What a call needs before its first prompt: which flow and version it
 * runs (DID route, else the flow key in the AGI path), and the facts of
 * its business line that nodes read (time zone, schedules, firewall
 * lists). Published versions never change, so their prepared form is
 * cached by flow and version; schedule calendars are cached until the
 * schedule is edited.
 */
import type { FirewallLists } from '../../domain/ivr/firewall.ts';
import type { PreparedFlow } from '../../domain/ivr/flow.prepared.ts';
import type { RunContext } from '../../domain/ivr/flow.step.ts';
import { validateFlow } from '../../domain/ivr/flow.validate.ts';
import type { IvrFlowRecord, IvrScheduleRecord } from '../../domain/ivr/ivr.records.ts';
import { type ScheduleCalendar, scheduleCalendar } from '../../domain/ivr/schedule.ts';
import type { Store } from '../ports.ts';
import type { IvrStore } from './store-ports.ts';

/** Facts about a call from the PBX. */
export interface CallFacts {
  /** The caller's channel id (Asterisk uniqueid). */
  readonly channelId: string;
  readonly channelName: string;
  /** What the AGI path names after `/ivr/`: a DID with a route, or a flow key. */
  readonly target: string;
  /** ANI as received (may be `anonymous`, national, E.164...). */
  readonly callerNumber: string;
  readonly dialedNumber: string;
}

/** A flow version ready to run. */
export interface LoadedFlow {
  readonly record: IvrFlowRecord;
  readonly version: number;
  readonly prepared: PreparedFlow;
}

/** Why no flow could be loaded. */
export type LoadFailure = 'FLOW_NOT_FOUND' | 'FLOW_NOT_PUBLISHED' | 'FLOW_INVALID';

/** Most prepared versions kept in memory. */
const MAX_CACHED_VERSIONS = 500;

/** Loads flows and run contexts for calls. */
export function createCallContext(deps: { store: Store; ivr: IvrStore }) {
  const { store, ivr } = deps;
  const prepared = new Map<string, PreparedFlow>();
  const calendars = new Map<string, { updatedAt: number; calendar: ScheduleCalendar }>();

  async function loadVersion(
    record: IvrFlowRecord,
    version: number,
  ): Promise<LoadedFlow | LoadFailure> {
    const key = `${record.id}@${version}`;
    let flow = prepared.get(key);
    if (flow === undefined) {
      const stored = await ivr.flows.getVersion(record.id, version);
      if (stored === undefined) return 'FLOW_NOT_PUBLISHED';
      const checked = validateFlow(stored.document);
      if (!checked.ok || checked.flow === undefined) return 'FLOW_INVALID';
      flow = checked.flow;
      if (prepared.size >= MAX_CACHED_VERSIONS) prepared.delete(prepared.keys().next().value!);
      prepared.set(key, flow);
    }
    return { record, version, prepared: flow };
  }

  async function loadActive(record: IvrFlowRecord | undefined): Promise<LoadedFlow | LoadFailure> {
    if (record === undefined) return 'FLOW_NOT_FOUND';
    if (record.activeVersion === null) return 'FLOW_NOT_PUBLISHED';
    return loadVersion(record, record.activeVersion);
  }

  function calendarOf(row: IvrScheduleRecord): ScheduleCalendar {
    const known = calendars.get(row.id);
    if (known?.updatedAt === row.updatedAt) return known.calendar;
    const calendar = scheduleCalendar(row.schedule);
    calendars.set(row.id, { updatedAt: row.updatedAt, calendar });
    return calendar;
  }

  return {
    /** The active version of the flow a call's target names (a DID route first, then a key). */
    async forTarget(target: string): Promise<LoadedFlow | LoadFailure> {
      const route = await ivr.didRoutes.getByDid(target);
      const record = route ? await ivr.flows.get(route.flowId) : await ivr.flows.getByKey(target);
      return loadActive(record);
    },

    /** The active version of flow `key` of the same business line (goto nodes). */
    async forGoto(businessLineId: string, key: string): Promise<LoadedFlow | LoadFailure> {
      const record = await ivr.flows.getByKey(key);
      return loadActive(record?.businessLineId === businessLineId ? record : undefined);
    },

    loadVersion,

    /** The run context of a call on `businessLineId`. */
    async runContext(businessLineId: string, call: CallFacts): Promise<RunContext> {
      const [line, schedules, entries] = await Promise.all([
        store.businessLines.get(businessLineId),
        ivr.schedules.listForLine(businessLineId),
        ivr.firewall.listForLine(businessLineId),
      ]);
      const firewall: FirewallLists | null =
        entries.length === 0
          ? null
          : { businessLineId, defaultCountry: line?.defaultCountry ?? 'US', entries };
      return {
        callerNumber: call.callerNumber,
        dialedNumber: call.dialedNumber,
        timezone: line?.timezone ?? 'UTC',
        schedules: Object.fromEntries(schedules.map((s) => [s.schedule.id, calendarOf(s)])),
        firewall,
      };
    },
  };
}

/** The call-context loader. */
export type CallContext = ReturnType<typeof createCallContext>;
