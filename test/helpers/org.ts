/**
 * A small organisation for API tests: two business lines (A and B), agents,
 * queues, a contact, calls, and one API key per role (users of line A).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Role } from '../../src/domain/shared/roles.ts';
import type { TestApi } from './api.ts';

/** Builds the organisation; returns ids (global and raw) and tokens per role. */
export async function buildOrg(api: TestApi) {
  const { services, admin, store } = api;
  const lineA = await services.businessLines.create(admin, {
    name: 'Line A',
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
  const lineB = await services.businessLines.create(admin, {
    name: 'Line B',
    timezone: 'America/New_York',
    defaultCountry: 'US',
  });
  const skill = await services.skills.create(admin, {
    name: 'french',
    description: 'Speaks French',
  });
  const agentA1 = await services.agents.create(admin, {
    businessLineId: lineA.id,
    name: 'Agent A1',
    extension: '2001',
    reach: 'sip',
    skills: [{ skillId: skill.id, level: 5 }],
  });
  const agentA2 = await services.agents.create(admin, {
    businessLineId: lineA.id,
    name: 'Agent A2',
    extension: '2002',
    reach: 'sip',
  });
  const agentB1 = await services.agents.create(admin, {
    businessLineId: lineB.id,
    name: 'Agent B1',
    extension: '2101',
    reach: 'sip',
  });
  const queueA = await services.queues.create(admin, { businessLineId: lineA.id, name: 'Queue A' });
  const queueB = await services.queues.create(admin, { businessLineId: lineB.id, name: 'Queue B' });
  await services.queues.addMember(admin, queueA.id, agentA1.id, 0);
  const contactA = await services.contacts.create(admin, {
    businessLineId: lineA.id,
    name: 'Customer A',
    phones: [{ e164: '01 42 86 82 00', label: 'main' }],
  });
  const contactB = await services.contacts.create(admin, {
    businessLineId: lineB.id,
    name: 'Customer B',
    phones: [{ e164: '(212) 555-0142', label: 'main' }],
  });

  const t0 = api.clock.now();
  const call = (linkedId: string, businessLineId: string, agentId: string, queueId: string) =>
    store.calls.upsertCall({
      linkedId,
      businessLineId,
      direction: 'inbound',
      ani: '+33142868200',
      dnis: '+33100000000',
      queueId,
      agentId,
      startedAt: t0,
      answeredAt: t0 + 5000,
      endedAt: t0 + 60_000,
      hangupCause: 16,
      hangupBy: 'caller',
      disposition: null,
      notes: null,
    });
  const callA1 = await call('1700000000.1', lineA.id, agentA1.id, queueA.id);
  const callA2 = await call('1700000000.2', lineA.id, agentA2.id, queueA.id);
  const callB1 = await call('1700000000.3', lineB.id, agentB1.id, queueB.id);

  const tokens: Record<Role | 'anonymous', string | undefined> = {
    anonymous: undefined,
    admin: api.adminKey,
    supervisor: '',
    qa: '',
    agent: '',
  };
  const users: Record<string, string> = {};
  for (const role of ['supervisor', 'qa', 'agent'] as const) {
    const user = await services.users.create(admin, {
      username: `${role}-a`,
      displayName: `${role} of A`,
      role,
      agentId: role === 'agent' ? agentA1.id : null,
      businessLineIds: [lineA.id],
      password: 'correct horse battery',
    });
    users[role] = user.id;
    tokens[role] = (await services.auth.createApiKey(admin, user.id, 'tests')).secret;
  }
  // A user no caller is, for "someone else's" operations.
  const bystander = await services.users.create(admin, {
    username: 'bystander',
    displayName: 'Someone else',
    role: 'agent',
    businessLineIds: [lineA.id],
  });
  const gid = encodeGlobalID;
  return {
    tokens,
    users,
    raw: {
      lineA,
      lineB,
      skill,
      agentA1,
      agentA2,
      agentB1,
      queueA,
      queueB,
      contactA,
      contactB,
      callA1,
      callA2,
      callB1,
    },
    ids: {
      lineA: gid('BusinessLine', lineA.id),
      lineB: gid('BusinessLine', lineB.id),
      skill: gid('Skill', skill.id),
      agentA1: gid('Agent', agentA1.id),
      agentA2: gid('Agent', agentA2.id),
      agentB1: gid('Agent', agentB1.id),
      queueA: gid('Queue', queueA.id),
      queueB: gid('Queue', queueB.id),
      contactA: gid('Contact', contactA.id),
      contactB: gid('Contact', contactB.id),
      callA1: gid('Call', callA1.id),
      callA2: gid('Call', callA2.id),
      callB1: gid('Call', callB1.id),
      userAgent: gid('User', users.agent!),
      userQa: gid('User', users.qa!),
      bystander: gid('User', bystander.id),
    },
  };
}

/** The organisation under test. */
export type Org = Awaited<ReturnType<typeof buildOrg>>;
