/**
 * A record sink that writes each picture at once through the call
 * repository, unbatched and without an outbox. It is what the ACD runtime
 * uses when it is built without a sink (unit tests over a store); the
 * composition root hands it the durable batched writer instead.
 */
import type { CallRepository } from '../ports.ts';
import type { RecordSink } from './ports.ts';

/** Writes pictures straight through `calls` (a failure rejects `put`). */
export function directRecordSink(calls: CallRepository): RecordSink {
  return {
    async put({ record, legs }) {
      const saved = await calls.upsertCall(record);
      for (const leg of legs) await calls.upsertLeg({ ...leg, callId: saved.id });
    },
  };
}
