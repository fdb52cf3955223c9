/**
 * The IVR path as an agent's screen pop shows it (AGT-1): the nodes the
 * caller went through, in order, each once per visit, with the key
 * pressed at a menu (`main-menu [2]`). Nodes of a flow reached by a goto
 * are named with their flow (`billing/choice`). Collected digits are never
 * recorded in a path, so none can show here.
 */
import type { IvrPathStep } from './ivr.records.ts';

/** Labels of the visited nodes of one call's sessions, given their steps in order. */
export function popPathOf(steps: readonly IvrPathStep[]): string[] {
  const first = steps[0]?.flowKey;
  const labels: string[] = [];
  const visits: Array<{ label: string; nodeId: string }> = [];
  for (const step of steps) {
    if (step.event === 'enter') {
      const label = step.flowKey === first ? step.nodeId : `${step.flowKey}/${step.nodeId}`;
      visits.push({ label, nodeId: step.nodeId });
      labels.push(label);
      continue;
    }
    const last = visits[visits.length - 1];
    if (step.event === 'digits' && step.detail !== null && last?.nodeId === step.nodeId) {
      labels[labels.length - 1] = `${last.label} [${step.detail}]`;
    }
  }
  return labels;
}
