/** All repositories over one executor: the pool, or one transaction. */
import type { Repositories } from '../../app/ports.ts';
import { createRecordingRepository } from '../records/recording.repository.ts';
import { createReportRepository } from '../records/report.repository.ts';
import { createAcdHistoryRepository } from './acd-history.repository.ts';
import { createAgentRepository } from './agent.repository.ts';
import { createAuditRepository } from './audit.repository.ts';
import { createBusinessLineRepository } from './business-line.repository.ts';
import { createCallRepository } from './call.repository.ts';
import { createCallbackRepository } from './callback.repository.ts';
import { createCallbackSettingsRepository } from './callback-settings.repository.ts';
import { createContactRepository } from './contact.repository.ts';
import { createCredentialRepository } from './credential.repository.ts';
import { createDidRouteRepository } from './did-route.repository.ts';
import { createQueueRepository } from './queue.repository.ts';
import { createQueueSettingsRepository } from './queue-settings.repository.ts';
import type { RepositoryDeps } from './repository-deps.ts';
import { createSkillRepository } from './skill.repository.ts';
import { createUserRepository } from './user.repository.ts';
import { createVipCallerRepository } from './vip-caller.repository.ts';

/** Every repository, sharing `deps.db` (so that in a transaction they all write in it). */
export function createRepositories(deps: RepositoryDeps): Repositories {
  return {
    businessLines: createBusinessLineRepository(deps),
    users: createUserRepository(deps),
    credentials: createCredentialRepository(deps),
    agents: createAgentRepository(deps),
    skills: createSkillRepository(deps),
    queues: createQueueRepository(deps),
    contacts: createContactRepository(deps),
    calls: createCallRepository(deps),
    audit: createAuditRepository(deps),
    queueSettings: createQueueSettingsRepository(deps),
    didRoutes: createDidRouteRepository(deps),
    vipCallers: createVipCallerRepository(deps),
    acdHistory: createAcdHistoryRepository(deps),
    callbacks: createCallbackRepository(deps),
    callbackSettings: createCallbackSettingsRepository(deps),
    recordings: createRecordingRepository(deps),
    reports: createReportRepository(deps),
  };
}
