/** Small builders for store tests: each makes uniquely named rows. */
import { randomInt } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import type { AgentInput, QueueInput, Repositories } from '../../src/app/ports.ts';
import type { BusinessLine, Skill } from '../../src/domain/directory/entities.ts';
import { DomainError, type ErrorCode } from '../../src/domain/shared/errors.ts';
import { unique } from '../helpers/databases.ts';

/** A new business line with a unique name. */
export function newBusinessLine(repos: Repositories): Promise<BusinessLine> {
  return repos.businessLines.create({
    name: unique('Line'),
    timezone: 'Europe/Paris',
    defaultCountry: 'FR',
  });
}

/** A new skill with a unique name. */
export function newSkill(repos: Repositories, prefix = 'Skill'): Promise<Skill> {
  return repos.skills.create({ name: unique(prefix), description: `${prefix} skill` });
}

/** A unique extension (digits only, like a real one). */
export function newExtension(): string {
  return String(randomInt(1e9, 1e10));
}

/** Agent input with a unique extension. */
export function agentInput(businessLineId: string, patch: Partial<AgentInput> = {}): AgentInput {
  const extension = patch.extension ?? newExtension();
  return {
    businessLineId,
    name: 'Alice Martin',
    extension,
    reach: 'sip',
    endpoint: `PJSIP/${extension}`,
    skills: [],
    ...patch,
  };
}

/** Queue input with a unique name. */
export function queueInput(businessLineId: string, patch: Partial<QueueInput> = {}): QueueInput {
  return {
    businessLineId,
    name: unique('Queue'),
    strategy: 'longest-idle',
    ringTimeoutS: 20,
    maxWaitS: 300,
    maxLength: null,
    wrapUpS: 10,
    serviceLevelS: 20,
    serviceLevelTarget: 0.8,
    requiredSkills: [],
    ...patch,
  };
}

/** Awaits a rejection with a DomainError of `code` and returns it. */
export async function rejectsWith(
  t: ExecutionContext,
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<DomainError> {
  const error = await t.throwsAsync(promise, { instanceOf: DomainError });
  t.is(error.code, code, error.message);
  return error;
}
