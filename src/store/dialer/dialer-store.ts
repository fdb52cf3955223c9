/**
 * The dialer's database: its repositories over the store's knex pool, and
 * transactions in which the audit log is written with the change.
 */
import type { Knex } from 'knex';
import type { Clock } from '../../app/clock.ts';
import type { DialerRepositories, DialerStore } from '../../app/dialer/ports.ts';
import { createAuditRepository } from '../repositories/audit.repository.ts';
import type { RepositoryDeps } from '../repositories/repository-deps.ts';
import { createAttemptRepository } from './attempt.repository.ts';
import { createCampaignRepository } from './campaign.repository.ts';
import { createDncRepository } from './dnc.repository.ts';
import { createFollowUpRepository } from './follow-up.repository.ts';
import { createImportRepository } from './import.repository.ts';
import { createRecordRepository } from './record.repository.ts';

function repositories(deps: RepositoryDeps): DialerRepositories {
  return {
    ...createCampaignRepository(deps),
    records: createRecordRepository(deps),
    dnc: createDncRepository(deps),
    ...createAttemptRepository(deps),
    imports: createImportRepository(deps),
    followUps: createFollowUpRepository(deps),
    audit: createAuditRepository(deps),
  };
}

/** The dialer store on `knex` (the store's own pool). */
export function createDialerStore(knex: Knex, clock: Clock): DialerStore {
  return {
    ...repositories({ db: knex, clock }),
    transaction: (work) => knex.transaction((trx) => work(repositories({ db: trx, clock }))),
  };
}
