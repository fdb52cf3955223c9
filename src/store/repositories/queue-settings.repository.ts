/** ACD settings of queues (`queue_acd_settings`): one JSON document per queue. */
import type { QueueSettingsRepository } from '../../app/acd/routing-ports.ts';
import { REFERENCED } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { toDbTime } from '../db-time.ts';
import { checkLongText } from './input-checks.ts';
import { distinct } from './listing.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

const TABLE = 'queue_acd_settings';

interface Row {
  queue_id: string;
  settings_json: string;
}

/** The queue settings repository over `deps.db`. */
export function createQueueSettingsRepository(deps: RepositoryDeps): QueueSettingsRepository {
  const { db, clock } = deps;
  return {
    async getMany(queueIds) {
      if (queueIds.length === 0) return new Map();
      const rows: Row[] = await db(TABLE)
        .select('queue_id', 'settings_json')
        .whereIn('queue_id', distinct(queueIds));
      return new Map(rows.map((r) => [r.queue_id, JSON.parse(r.settings_json) as unknown]));
    },

    async put(queueId, settings) {
      const json = JSON.stringify(settings ?? {});
      checkLongText('acdSettings', json);
      const row = { queue_id: queueId, settings_json: json, updated_at: toDbTime(clock.now()) };
      const rules = {
        references: [{ field: 'queueId', target: REFERENCED.queue, ids: [queueId] }],
      };
      await withConstraintErrors(db, rules, () =>
        // Delete then insert: one statement that upserts on both backends is not worth a dialect switch.
        atomically(db, async (trx) => {
          await trx(TABLE).where('queue_id', queueId).delete();
          await trx(TABLE).insert(row);
        }),
      );
    },
  };
}
