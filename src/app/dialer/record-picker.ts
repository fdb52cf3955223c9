/**
 * Picks the next records to dial for a campaign: due records, minus the
 * numbers now on a do-not-call list (checked again at dial time, since the
 * list changes after import), and only numbers inside the calling window
 * of their callee; a record with no callable number now is pushed to its
 * next opening.
 */
import { isCallable, nextCallableAt } from '../../domain/dialer/calling-window.ts';
import { nextNumber } from '../../domain/dialer/retry.ts';
import type { CampaignRun } from './campaign-run.ts';
import type { DialerStore, ListRecord, StoredNumber } from './ports.ts';

/** A record ready to dial, and which of its numbers. */
export interface Pick {
  readonly record: ListRecord;
  readonly index: number;
}

const FETCH = 50;
const DAY_MS = 86_400_000;

/** The next dialable record, or null when none is due. */
export async function pickRecord(
  store: DialerStore,
  run: CampaignRun,
  now: number,
): Promise<Pick | null> {
  for (let guard = 0; guard < 200; guard += 1) {
    if (run.buffer.length === 0) {
      run.buffer = await store.records.due(run.campaign.id, now, FETCH);
      if (run.buffer.length === 0) return null;
    }
    const record = run.buffer.shift()!;
    const picked = await check(store, run, record, now);
    if (picked !== null) return picked;
  }
  return null;
}

async function check(store: DialerStore, run: CampaignRun, record: ListRecord, now: number) {
  const { campaign } = run;
  const active = record.numbers.filter((n) => n.status === 'active').map((n) => n.e164);
  const blocked = await store.dnc.blocked([campaign.businessLineId, 'global'], active);
  let numbers: readonly StoredNumber[] = record.numbers;
  if (blocked.size > 0) {
    numbers = numbers.map((n) => (blocked.has(n.e164) ? { ...n, status: 'dnc' as const } : n));
    if (!numbers.some((n) => n.status === 'active')) {
      await store.records.save(record.id, { status: 'dnc', numbers });
      return null;
    }
  }
  const window = campaign.settings.window;
  const index = nextNumber(numbers, (n) => isCallable(window, n.timezone, countryOf(n), now));
  if (index < 0) {
    const opens = numbers
      .filter((n) => n.status === 'active')
      .map((n) => nextCallableAt(window, n.timezone, countryOf(n), now) ?? now + DAY_MS);
    await store.records.save(record.id, {
      status: 'scheduled',
      numbers,
      nextAt: Math.max(now + 60_000, Math.min(...opens)),
    });
    return null;
  }
  return { record: { ...record, numbers }, index };
}

const countryOf = (n: StoredNumber) => n.country;
