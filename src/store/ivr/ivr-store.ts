/**
 * The IVR store over the main store's knex pool: every IVR repository plus
 * the audit log, and transactions that hold them all so a change and its
 * audit entry are written together.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../app/clock.ts';
import type { IvrRepositories, IvrStore } from '../../app/ivr/store-ports.ts';
import { createAuditRepository } from '../repositories/audit.repository.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';
import { createIvrDidRouteRepository } from './did-route.repository.ts';
import { createIvrFirewallRepository } from './firewall.repository.ts';
import { createIvrFlowRepository } from './flow.repository.ts';
import { createIvrMailboxRepository, createIvrVoicemailRepository } from './mailbox.repository.ts';
import { createIvrScheduleRepository } from './schedule.repository.ts';
import { createIvrSessionRepository } from './session.repository.ts';

function repositories(deps: RepositoryDeps): IvrRepositories {
  return {
    flows: createIvrFlowRepository(deps),
    schedules: createIvrScheduleRepository(deps),
    firewall: createIvrFirewallRepository(deps),
    didRoutes: createIvrDidRouteRepository(deps),
    mailboxes: createIvrMailboxRepository(deps),
    voicemails: createIvrVoicemailRepository(deps),
    sessions: createIvrSessionRepository(deps),
    audit: createAuditRepository(deps),
  };
}

/** The IVR store on `knex` (the main store's pool); closing the main store closes it. */
export function createIvrStore(knex: Knex, clock: Clock): IvrStore {
  return {
    ...repositories({ db: knex, clock }),
    transaction: (work) => knex.transaction((trx) => work(repositories({ db: trx, clock }))),
  };
}
