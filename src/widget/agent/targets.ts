/**
 * Reading what the agent chose as a transfer or conference target: an
 * entry of the directory (`agent:<id>`, `queue:<id>`), an agent's or a
 * queue's global ID pasted in, or else a phone number.
 */
import type { CallTarget } from './desk-api.ts';

function decoded(id: string): string | null {
  try {
    return atob(id);
  } catch {
    return null;
  }
}

/** The target named by `raw`; null when it is empty. */
export function targetOf(raw: string): CallTarget | null {
  const value = raw.trim();
  if (value === '') return null;
  const picked = /^(agent|queue):(.+)$/.exec(value);
  if (picked) return picked[1] === 'agent' ? { agentId: picked[2]! } : { queueId: picked[2]! };
  const global = decoded(value);
  if (global?.startsWith('Agent:')) return { agentId: value };
  if (global?.startsWith('Queue:')) return { queueId: value };
  return { number: value };
}
