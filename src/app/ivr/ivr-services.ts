/** The IVR's API services, built once by `createServices`. */
import { createIvrFirewallService } from './firewall-service.ts';
import { createIvrFlowTools } from './flow-tools.ts';
import { createIvrFlowService } from './flows-service.ts';
import { createIvrRouteService } from './routes-service.ts';
import { createIvrScheduleService } from './schedules-service.ts';
import type { IvrServiceDeps } from './service-deps.ts';
import { createIvrSessionService } from './sessions-service.ts';
import { createIvrVoicemailService } from './voicemail-service.ts';

/** Every IVR service. */
export function createIvrServices(deps: IvrServiceDeps) {
  return {
    flows: createIvrFlowService(deps),
    tools: createIvrFlowTools(deps),
    schedules: createIvrScheduleService(deps),
    firewall: createIvrFirewallService(deps),
    routes: createIvrRouteService(deps),
    voicemail: createIvrVoicemailService(deps),
    sessions: createIvrSessionService(deps),
  };
}

/** The IVR services as the API sees them. */
export type IvrServices = ReturnType<typeof createIvrServices>;
