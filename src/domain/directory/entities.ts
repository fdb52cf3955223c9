/**
 * The core records of one callwright install: business lines (tenants),
 * users, agents, skills, queues, contacts. Plain data; times are epoch ms UTC.
 */
import type { Role } from '../shared/roles.ts';

/** A tenant of one install: its own queues, agents, trunks and numbers. */
export interface BusinessLine {
  id: string;
  name: string;
  /** IANA time zone for schedules and reports, e.g. `Europe/Paris`. */
  timezone: string;
  /** ISO 3166 country used to read national phone numbers. */
  defaultCountry: string;
  createdAt: number;
  updatedAt: number;
}

/** A person or system that calls the API. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** The agent record this user works as (role agent, or a supervisor who also takes calls). */
  agentId: string | null;
  /** Business lines the user belongs to; admins see all regardless. */
  businessLineIds: string[];
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Metadata of an API key; the secret itself is never stored, only its hash. */
export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  /** First characters of the key, shown to help people tell keys apart. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** How an agent is reached: a SIP phone on Asterisk or an external number (ACD-10). */
export type AgentReach = 'sip' | 'external';

/** A person who takes calls. */
export interface Agent {
  id: string;
  businessLineId: string;
  name: string;
  /** Internal extension, unique per install (e.g. `1001`). */
  extension: string;
  reach: AgentReach;
  /** Dial string for Asterisk, e.g. `PJSIP/1001`, or an E.164 number for external agents. */
  endpoint: string;
  skills: AgentSkill[];
  createdAt: number;
  updatedAt: number;
}

/** A skill an agent holds, with a level from 1 (basic) to 10 (expert). */
export interface AgentSkill {
  skillId: string;
  level: number;
}

/** A named skill (language, product...). */
export interface Skill {
  id: string;
  name: string;
  description: string;
  createdAt: number;
}

/** Distribution strategies of ACD-1. */
export const QUEUE_STRATEGIES = [
  'longest-idle',
  'fewest-calls',
  'round-robin',
  'random',
  'linear',
  'ring-all',
  'skills-based',
] as const;

/** How a queue picks among free agents. */
export type QueueStrategy = (typeof QUEUE_STRATEGIES)[number];

/** An inbound queue. */
export interface Queue {
  id: string;
  businessLineId: string;
  name: string;
  strategy: QueueStrategy;
  /** Seconds an offer rings an agent before the next is tried. */
  ringTimeoutS: number;
  /** Seconds a caller may wait before overflow; null for no limit. */
  maxWaitS: number | null;
  /** Callers allowed to wait at once; null for no limit. */
  maxLength: number | null;
  /** After-call work time in seconds. */
  wrapUpS: number;
  /** Service-level threshold in seconds (answered within T). */
  serviceLevelS: number;
  /** Target share answered within the threshold, 0..1. */
  serviceLevelTarget: number;
  requiredSkills: QueueSkill[];
  createdAt: number;
  updatedAt: number;
}

/** A skill a queue's calls require, with the minimum level. */
export interface QueueSkill {
  skillId: string;
  minLevel: number;
}

/** An agent's membership of a queue; lower penalty is tried first (linear). */
export interface QueueMembership {
  queueId: string;
  agentId: string;
  penalty: number;
  createdAt: number;
}

/** A customer known to the call center. */
export interface Contact {
  id: string;
  businessLineId: string;
  name: string;
  company: string | null;
  notes: string | null;
  phones: ContactPhone[];
  createdAt: number;
  updatedAt: number;
}

/** One number of a contact, in E.164. */
export interface ContactPhone {
  e164: string;
  label: string;
}
