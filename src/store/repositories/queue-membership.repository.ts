/** Who answers which queue (`queue_memberships`); part of the queue repository. */
import type { QueueRepository } from '../../app/ports.ts';
import type { QueueMembership } from '../../domain/directory/entities.ts';
import { REFERENCED, UNIQUE_KEYS } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { fromDbTime, toDbTime } from '../db-time.ts';
import { QueueMembershipModel } from '../models/queue-membership.model.ts';
import { checkInt } from './input-checks.ts';
import { distinct } from './listing.ts';
import type { RepositoryDeps } from './repository-deps.ts';

type Row = Pick<QueueMembershipModel, 'queue_id' | 'agent_id' | 'penalty' | 'created_at'>;

function toMembership(row: Row): QueueMembership {
  return {
    queueId: row.queue_id,
    agentId: row.agent_id,
    penalty: row.penalty,
    createdAt: fromDbTime(row.created_at),
  };
}

/** The membership half of QueueRepository. */
export type MembershipOperations = Pick<
  QueueRepository,
  'addMember' | 'removeMember' | 'membersOf' | 'queuesOf'
>;

/** Membership operations over `deps.db`. */
export function createMembershipOperations({ db, clock }: RepositoryDeps): MembershipOperations {
  return {
    /** Adding an agent twice is DUPLICATE; change a penalty by removing and adding. */
    async addMember(input) {
      checkInt('penalty', input.penalty, 0);
      const row: Row = {
        queue_id: input.queueId,
        agent_id: input.agentId,
        penalty: input.penalty,
        created_at: toDbTime(clock.now()),
      };
      const rules = {
        unique: [{ key: UNIQUE_KEYS.membership, value: input.agentId }],
        references: [
          { field: 'queueId', target: REFERENCED.queue, ids: [input.queueId] },
          { field: 'agentId', target: REFERENCED.agent, ids: [input.agentId] },
        ],
      };
      await withConstraintErrors(db, rules, () => QueueMembershipModel.query(db).insert(row));
      return toMembership(row);
    },

    async removeMember(queueId, agentId) {
      const deleted = await QueueMembershipModel.query(db).deleteById([queueId, agentId]);
      return deleted > 0;
    },

    /** Members of each queue, lowest penalty first, then by joining time. */
    async membersOf(queueIds) {
      if (queueIds.length === 0) return [];
      const rows = await QueueMembershipModel.query(db)
        .whereIn('queue_id', distinct(queueIds))
        .orderBy(['queue_id', 'penalty', 'created_at', 'agent_id']);
      return rows.map(toMembership);
    },

    /** Queues of each agent, lowest penalty first, then by joining time. */
    async queuesOf(agentIds) {
      if (agentIds.length === 0) return [];
      const rows = await QueueMembershipModel.query(db)
        .whereIn('agent_id', distinct(agentIds))
        .orderBy(['agent_id', 'penalty', 'created_at', 'queue_id']);
      return rows.map(toMembership);
    },
  };
}
