/**
 * The application's services, built once by the composition root and handed
 * to every entry point (GraphQL, HTTP routes, seeding).
 */
import { createAcdService } from './acd/acd-service.ts';
import type { AcdRuntime } from './acd/runtime.ts';
import { createAuditService } from './audit-service.ts';
import { createAuthService } from './auth-service.ts';
import { createCallsService } from './calls-service.ts';
import type { Clock } from './clock.ts';
import { createAgentService } from './directory/agents.ts';
import { createBusinessLineService } from './directory/business-lines.ts';
import { createContactService } from './directory/contacts.ts';
import { createQueueService } from './directory/queues.ts';
import { createSkillService } from './directory/skills.ts';
import { createUserService } from './directory/users.ts';
import type { Logger } from './logger.ts';
import type { SecretHasher, Store } from './ports.ts';

/** What the services are built from. */
export interface ServiceDeps {
  store: Store;
  hasher: SecretHasher;
  clock: Clock;
  logger: Logger;
  /** The ACD runtime; without it the ACD operations answer UNAVAILABLE. */
  acd?: AcdRuntime;
}

/** Builds every service over one store. */
export function createServices(deps: ServiceDeps) {
  return {
    auth: createAuthService(deps),
    businessLines: createBusinessLineService(deps),
    users: createUserService(deps),
    agents: createAgentService(deps),
    skills: createSkillService(deps),
    queues: createQueueService(deps),
    contacts: createContactService(deps),
    calls: createCallsService(deps),
    audit: createAuditService(deps),
    acd: createAcdService(deps),
  };
}

/** Every service, as the API sees them. */
export type Services = ReturnType<typeof createServices>;
