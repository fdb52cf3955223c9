/**
 * Loads the demo data set into an empty database, in one transaction, so a
 * first start shows a working call center. Skipped when any business line exists.
 */
import { normalisePhone } from '../domain/shared/phone.ts';
import type { Repositories, SecretHasher, Store } from './ports.ts';

/** Shape of the demo data set. */
export interface DemoData {
  skills: Array<{ name: string; description: string }>;
  businessLines: Array<{
    name: string;
    timezone: string;
    defaultCountry: string;
    queues: Array<{
      name: string;
      strategy: 'longest-idle' | 'round-robin' | 'skills-based' | 'ring-all' | 'linear';
      requiredSkills: Array<{ skill: string; minLevel: number }>;
    }>;
    agents: Array<{
      name: string;
      extension: string;
      skills: Array<{ skill: string; level: number }>;
      queues: string[];
    }>;
    contacts: Array<{ name: string; company: string | null; phones: string[] }>;
    users: Array<{
      username: string;
      displayName: string;
      role: 'supervisor' | 'qa' | 'agent';
      agentExtension?: string;
    }>;
  }>;
  /** Password of every demo login (printed at start-up; change it in production). */
  password: string;
}

/** Seeds `data` when the database has no business line yet; returns whether it did. */
export async function seedDemo(
  store: Store,
  hasher: SecretHasher,
  data: DemoData,
): Promise<boolean> {
  const existing = await store.businessLines.list({}, { offset: 0, limit: 1 });
  if (existing.length > 0) return false;
  const passwordHash = await hasher.hashPassword(data.password);
  await store.transaction(async (tx) => {
    const skills = new Map<string, string>();
    for (const s of data.skills) skills.set(s.name, (await tx.skills.create(s)).id);
    for (const line of data.businessLines) await seedLine(tx, line, skills, passwordHash);
  });
  return true;
}

async function seedLine(
  tx: Repositories,
  line: DemoData['businessLines'][number],
  skills: Map<string, string>,
  passwordHash: string,
): Promise<void> {
  const skillId = (name: string) => skills.get(name)!;
  const bl = await tx.businessLines.create(line);
  const queues = new Map<string, string>();
  for (const q of line.queues) {
    const queue = await tx.queues.create({
      businessLineId: bl.id,
      name: q.name,
      strategy: q.strategy,
      ringTimeoutS: 15,
      maxWaitS: 300,
      maxLength: null,
      wrapUpS: 10,
      serviceLevelS: 20,
      serviceLevelTarget: 0.8,
      requiredSkills: q.requiredSkills.map((r) => ({
        skillId: skillId(r.skill),
        minLevel: r.minLevel,
      })),
    });
    queues.set(q.name, queue.id);
  }
  const agents = new Map<string, string>();
  for (const a of line.agents) {
    const agent = await tx.agents.create({
      businessLineId: bl.id,
      name: a.name,
      extension: a.extension,
      reach: 'sip',
      endpoint: `PJSIP/${a.extension}`,
      skills: a.skills.map((s) => ({ skillId: skillId(s.skill), level: s.level })),
    });
    agents.set(a.extension, agent.id);
    for (const [penalty, q] of a.queues.entries()) {
      await tx.queues.addMember({ queueId: queues.get(q)!, agentId: agent.id, penalty });
    }
  }
  for (const c of line.contacts) {
    await tx.contacts.create({
      businessLineId: bl.id,
      name: c.name,
      company: c.company,
      notes: null,
      phones: c.phones.map((p, i) => ({
        e164: normalisePhone(p, line.defaultCountry).e164,
        label: i === 0 ? 'main' : 'other',
      })),
    });
  }
  for (const u of line.users) {
    await tx.users.create({
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      agentId: u.agentExtension ? (agents.get(u.agentExtension) ?? null) : null,
      businessLineIds: [bl.id],
      passwordHash,
    });
  }
}
