/**
 * Loads the demo IVR (seeds/demo-ivr.ts) with the demo data: a schedule, a
 * mailbox, firewall entries, a flow published as version 1 and its DID.
 * Names (business line, queue) are resolved against the store, so the same
 * data works on any database. Returns the problems met (empty when done).
 */
import type { FirewallList, FirewallMatch } from '../../domain/ivr/firewall.ts';
import { normaliseFirewallValue } from '../../domain/ivr/firewall.ts';
import type { FlowDocument } from '../../domain/ivr/flow.schema.ts';
import { type ScheduleInput, scheduleSchema } from '../../domain/ivr/schedule.ts';
import type { Store } from '../ports.ts';
import { checkFlow } from './flow-check.ts';
import type { IvrStore } from './store-ports.ts';

/** Shape of the demo IVR. */
export interface IvrDemo {
  readonly businessLine: string;
  /** The number (an IVR number of the shipped dialplan) that runs the flow. */
  readonly did: string;
  readonly schedule: ScheduleInput;
  readonly mailbox: { readonly key: string; readonly name: string; readonly queue: string };
  readonly firewall: readonly {
    readonly list: FirewallList;
    readonly match: FirewallMatch;
    readonly value: string;
    readonly label: string;
  }[];
  readonly flow: FlowDocument;
}

/** Seeds the demo IVR; returns what could not be done. */
export async function seedIvrDemo(
  deps: { store: Store; ivr: IvrStore },
  demo: IvrDemo,
): Promise<string[]> {
  const { store, ivr } = deps;
  const line = await store.businessLines.getByName(demo.businessLine);
  if (!line) return [`business line "${demo.businessLine}" not found`];
  const queue = await store.queues.getByName(line.id, demo.mailbox.queue);
  await ivr.schedules.create(line.id, scheduleSchema.parse(demo.schedule));
  await ivr.mailboxes.create({
    businessLineId: line.id,
    key: demo.mailbox.key,
    name: demo.mailbox.name,
    queueId: queue?.id ?? null,
  });
  for (const entry of demo.firewall) {
    const value = normaliseFirewallValue(entry.match, entry.value, line.defaultCountry);
    await ivr.firewall.create({ ...entry, businessLineId: line.id, value });
  }
  const check = await checkFlow(deps, line.id, demo.flow);
  if (!check.ok) return check.errors.map((e) => e.message);
  const flow = await ivr.flows.create({
    businessLineId: line.id,
    key: demo.flow.id,
    name: demo.flow.name,
    description: 'Demo: firewall, opening hours, menu, voicemail when closed.',
    draft: demo.flow,
  });
  await ivr.flows.publish(flow.id, { document: demo.flow, note: 'demo data', publishedBy: null });
  await ivr.didRoutes.put({ did: demo.did, businessLineId: line.id, flowId: flow.id });
  return [];
}
