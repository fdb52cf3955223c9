/**
 * The application's services, built once by the composition root and handed
 * to every entry point (GraphQL, HTTP routes, seeding).
 */
import { createAcdService } from './acd/acd-service.ts';
import { createAssignmentService } from './acd/agent-assignments.ts';
import { createCallControlService } from './acd/call-control-service.ts';
import { createCallbackService } from './acd/callbacks/callback-service.ts';
import type { AcdRuntime } from './acd/runtime.ts';
import { createWrapUpService } from './acd/wrap-up-service.ts';
import { createAuditService } from './audit-service.ts';
import { createAuthService } from './auth-service.ts';
import { createCallsService } from './calls-service.ts';
import type { Clock } from './clock.ts';
import { type DialerService, dialerUnavailable } from './dialer/dialer-service.ts';
import { createAgentService } from './directory/agents.ts';
import { createBusinessLineService } from './directory/business-lines.ts';
import { createContactService } from './directory/contacts.ts';
import { createDidRouteService } from './directory/did-routes.ts';
import { createQueueService } from './directory/queues.ts';
import { createSkillService } from './directory/skills.ts';
import { createUserService } from './directory/users.ts';
import { createVipCallerService } from './directory/vip-callers.ts';
import { createIvrServices } from './ivr/ivr-services.ts';
import type { IvrDeps } from './ivr/service-deps.ts';
import { createLocalLiveBus, type LiveBus } from './live/live-bus.ts';
import { createLiveService } from './live/live-service.ts';
import type { Logger } from './logger.ts';
import type { SecretHasher, Store } from './ports.ts';
import { limitOriginate, type RateLimits } from './rate-limits.ts';
import { createRecordsServices, type RecordsAdapters } from './records/records-services.ts';
import { type WebhookService, webhooksUnavailable } from './webhooks/webhook-service.ts';

/** What the services are built from. */
export interface ServiceDeps {
  store: Store;
  hasher: SecretHasher;
  clock: Clock;
  logger: Logger;
  /** The ACD runtime; without it the ACD operations answer UNAVAILABLE. */
  acd?: AcdRuntime;
  /** The bus live feeds come from; default a bus of this process only. */
  bus?: LiveBus;
  /** The IVR's store and recordings; without them the IVR operations answer UNAVAILABLE. */
  ivr?: IvrDeps;
  /** Recording files and URL signing; without them no recording file is found. */
  records?: RecordsAdapters;
  /** The outbound dialer (built with createDialerService); without it its operations answer UNAVAILABLE. */
  dialer?: DialerService;
  /** Webhook endpoints and deliveries (built with createWebhookService); without it they answer UNAVAILABLE. */
  webhooks?: WebhookService;
  /** Limits on login and click-to-dial; default: none. */
  limits?: RateLimits;
}

/** Builds every service over one store. */
export function createServices(deps: ServiceDeps) {
  const agents = createAgentService(deps);
  const bus =
    deps.bus ?? createLocalLiveBus((err) => deps.logger.warn({ err }, 'live subscriber failed'));
  return {
    auth: createAuthService(deps),
    businessLines: createBusinessLineService(deps),
    users: createUserService(deps),
    agents,
    skills: createSkillService(deps),
    queues: createQueueService(deps),
    didRoutes: createDidRouteService(deps),
    vipCallers: createVipCallerService(deps),
    contacts: createContactService(deps),
    calls: createCallsService(deps),
    audit: createAuditService(deps),
    acd: createAcdService(deps),
    callControl: deps.limits
      ? limitOriginate(createCallControlService(deps), deps.limits.originate)
      : createCallControlService(deps),
    wrapUp: createWrapUpService(deps),
    assignments: createAssignmentService({ ...deps, agents }),
    live: createLiveService({ ...deps, bus }),
    ivr: createIvrServices(deps),
    callbacks: createCallbackService(deps),
    ...createRecordsServices(deps),
    dialer: deps.dialer ?? dialerUnavailable(),
    webhooks: deps.webhooks ?? webhooksUnavailable(),
  };
}

/** Every service, as the API sees them. */
export type Services = ReturnType<typeof createServices>;
