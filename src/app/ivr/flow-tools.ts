/**
 * Tools supervisors use on a flow without a call: `testIvrFlow` runs the
 * draft or a published version against scripted caller input at a chosen
 * time (with the line's real schedules and firewall), and per-node
 * statistics are counted from the recorded paths of real calls.
 */
import {
  type ScriptItem,
  type SimulationResult,
  simulate,
} from '../../domain/ivr/flow.simulate.ts';
import { type NodeStats, nodeStats } from '../../domain/ivr/flow.stats.ts';
import { validateFlow } from '../../domain/ivr/flow.validate.ts';
import { notFound } from '../../domain/shared/errors.ts';
import type { Actor } from '../actor.ts';
import { requirePermission } from '../actor.ts';
import { createCallContext } from './call-context.ts';
import { invalidFlow } from './flows-service.ts';
import { type IvrServiceDeps, ivrStoreOf, visibleOr } from './service-deps.ts';

/** What testIvrFlow runs. */
export interface FlowTestInput {
  readonly flowId: string;
  /** A published version; null runs the draft. */
  readonly version: number | null;
  readonly script: readonly ScriptItem[];
  /** The instant the call is simulated at (schedules read it); null: now. */
  readonly at: number | null;
  readonly callerNumber: string;
  /** DNIS; null: the flow key. */
  readonly dialedNumber: string | null;
}

/** Which calls statistics count. */
export interface StatsFilter {
  readonly version?: number;
  readonly from?: number;
  readonly to?: number;
}

/** Most simulated actions (a flow that loops on timeouts stops here, marked truncated). */
const MAX_TEST_ACTIONS = 1000;

/** Creates the flow tools. */
export function createIvrFlowTools(deps: IvrServiceDeps) {
  return {
    async test(actor: Actor, input: FlowTestInput): Promise<SimulationResult> {
      requirePermission(actor, 'config:read');
      const ivr = ivrStoreOf(deps);
      const flow = visibleOr(actor, 'IvrFlow', input.flowId, await ivr.flows.get(input.flowId));
      let document = flow.draft;
      if (input.version !== null) {
        const stored = await ivr.flows.getVersion(flow.id, input.version);
        if (stored === undefined) throw notFound('IvrFlowVersion', `${flow.key}@${input.version}`);
        document = stored.document;
      }
      const checked = validateFlow(document);
      if (!checked.ok || checked.flow === undefined) throw invalidFlow(checked);
      const context = createCallContext({ store: deps.store, ivr });
      const ctx = await context.runContext(flow.businessLineId, {
        channelId: 'test',
        channelName: 'test',
        target: flow.key,
        callerNumber: input.callerNumber,
        dialedNumber: input.dialedNumber ?? flow.key,
      });
      const at = input.at ?? deps.clock.now();
      return simulate(checked.flow, input.script, at, ctx, { maxActions: MAX_TEST_ACTIONS });
    },

    async stats(actor: Actor, flowId: string, filter: StatsFilter): Promise<NodeStats[]> {
      requirePermission(actor, 'config:read');
      const ivr = ivrStoreOf(deps);
      const flow = visibleOr(actor, 'IvrFlow', flowId, await ivr.flows.get(flowId));
      const rows = await ivr.sessions.countPathEvents({ flowKey: flow.key, ...filter });
      return nodeStats(rows);
    },
  };
}

/** The flow tools' operations. */
export type IvrFlowTools = ReturnType<typeof createIvrFlowTools>;
