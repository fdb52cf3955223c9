/** Per-queue callback settings (`queue_callback_settings`): one row per queue that has its own. */
import type { QueueCallbackSettingsRepository } from '../../app/acd/callbacks/callback-ports.ts';
import type { CallbackSettings } from '../../domain/acd/callback.settings.ts';
import { REFERENCED } from '../constraints.ts';
import { withConstraintErrors } from '../db-errors.ts';
import { toDbTime } from '../db-time.ts';
import { checkInt, checkOptionalText } from './input-checks.ts';
import { atomically, type RepositoryDeps } from './repository-deps.ts';

const TABLE = 'queue_callback_settings';

interface Row {
  queue_id: string;
  enabled: boolean | number;
  after_abandon_s: number | null;
  offer_key: string | null;
  max_attempts: number;
  retry_delay_s: number;
  expires_after_s: number;
  dial_timeout_s: number;
}

function toSettings(r: Row): CallbackSettings {
  return {
    // SQLite and MySQL both hand booleans back as 0/1.
    enabled: Boolean(r.enabled),
    afterAbandonS: r.after_abandon_s,
    offerKey: r.offer_key,
    maxAttempts: r.max_attempts,
    retryDelayS: r.retry_delay_s,
    expiresAfterS: r.expires_after_s,
    dialTimeoutS: r.dial_timeout_s,
  };
}

function check(s: CallbackSettings): void {
  if (s.afterAbandonS !== null) checkInt('afterAbandonS', s.afterAbandonS, 0);
  checkOptionalText('offerKey', s.offerKey, 1);
  checkInt('maxAttempts', s.maxAttempts, 1);
  checkInt('retryDelayS', s.retryDelayS, 0);
  checkInt('expiresAfterS', s.expiresAfterS, 0);
  checkInt('dialTimeoutS', s.dialTimeoutS, 1);
}

/** The callback settings repository over `deps.db`. */
export function createCallbackSettingsRepository(
  deps: RepositoryDeps,
): QueueCallbackSettingsRepository {
  const { db, clock } = deps;
  return {
    async get(queueId) {
      const row: Row | undefined = await db(TABLE).where('queue_id', queueId).first();
      return row ? toSettings(row) : undefined;
    },

    async list() {
      const rows: Row[] = await db(TABLE).orderBy('queue_id');
      return rows.map((r) => ({ queueId: r.queue_id, settings: toSettings(r) }));
    },

    async put(queueId, s) {
      check(s);
      const row = {
        queue_id: queueId,
        enabled: s.enabled,
        after_abandon_s: s.afterAbandonS,
        offer_key: s.offerKey,
        max_attempts: s.maxAttempts,
        retry_delay_s: s.retryDelayS,
        expires_after_s: s.expiresAfterS,
        dial_timeout_s: s.dialTimeoutS,
        updated_at: toDbTime(clock.now()),
      };
      const rules = {
        references: [{ field: 'queueId', target: REFERENCED.queue, ids: [queueId] }],
      };
      await withConstraintErrors(db, rules, () =>
        // Delete then insert: one upsert statement for both backends is not worth a dialect switch.
        atomically(db, async (trx) => {
          await trx(TABLE).where('queue_id', queueId).delete();
          await trx(TABLE).insert(row);
        }),
      );
      return { ...s };
    },

    async delete(queueId) {
      return (await db(TABLE).where('queue_id', queueId).delete()) > 0;
    },
  };
}
