/**
 * A queue's ACD settings as the API changes them (ACD-1..6): a patch is
 * merged into the stored document (objects one level deep, lists replaced,
 * `null` clears a no-agents overflow), external numbers are read in the
 * business line's country, and the result must parse and its overflow
 * queues must be other queues of the same line. Every bad field is
 * reported at once.
 */
import {
  type AcdQueueSettings,
  type AcdQueueSettingsInput,
  DEFAULT_ACD_SETTINGS,
  parseAcdSettings,
} from '../../domain/acd/acd.types.ts';
import { validateOverflow } from '../../domain/acd/overflow.ts';
import type { Queue } from '../../domain/directory/entities.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { normalisePhone } from '../../domain/shared/phone.ts';
import type { Repositories } from '../ports.ts';

type Doc = Record<string, unknown>;

const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `patch` over `stored`: plain objects merged one level deep, anything else replaced. */
export function mergeSettings(stored: Doc, patch: Doc): Doc {
  const out: Doc = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const before = out[key];
    out[key] =
      isObject(value) && isObject(before) ? { ...before, ...stripUndefined(value) } : value;
  }
  return out;
}

const stripUndefined = (doc: Doc): Doc =>
  Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));

/** Reads national external numbers of overflow targets in the line's country; bad ones are listed. */
function normaliseNumbers(doc: Doc, country: string, fields: { path: string; message: string }[]) {
  const overflow = doc.overflow;
  if (!isObject(overflow)) return doc;
  const next: Doc = { ...overflow };
  for (const key of ['onMaxWait', 'onMaxLength', 'onNoAgents']) {
    const target = next[key];
    if (!isObject(target) || target.kind !== 'external' || typeof target.number !== 'string') {
      continue;
    }
    try {
      next[key] = { ...target, number: normalisePhone(target.number, country).e164 };
    } catch (error) {
      const message = error instanceof Error ? error.message : 'not a phone number';
      fields.push({ path: `acdSettings.overflow.${key}.number`, message });
    }
  }
  return { ...doc, overflow: next };
}

function invalid(fields: { path: string; message: string }[]): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    fields.map((f) => `${f.path}: ${f.message}`).join('; '),
    { fields },
  );
}

/** Overflow targets of a (not yet parsed) document that name a queue, by key. */
function queueTargets(doc: Doc): Array<[string, string]> {
  const overflow = doc.overflow;
  if (!isObject(overflow)) return [];
  return OVERFLOW_KEYS.flatMap((key) => {
    const t = overflow[key];
    return isObject(t) && t.kind === 'queue' && typeof t.queueId === 'string'
      ? [[key, t.queueId] as [string, string]]
      : [];
  });
}

const OVERFLOW_KEYS = ['onMaxWait', 'onMaxLength', 'onNoAgents'] as const;

/** Each overflow queue must be another queue of the same business line (ACD-11). */
async function checkTargetQueues(
  tx: Repositories,
  queue: Pick<Queue, 'id' | 'businessLineId'>,
  doc: Doc,
  fields: { path: string; message: string }[],
): Promise<void> {
  const targets = queueTargets(doc);
  const known = new Map(
    (await tx.queues.getMany(targets.map(([, id]) => id))).map((q) => [q.id, q] as const),
  );
  const acd = {
    id: queue.id,
    businessLineId: queue.businessLineId,
    settings: {
      ...DEFAULT_ACD_SETTINGS,
      overflow: {
        ...DEFAULT_ACD_SETTINGS.overflow,
        ...Object.fromEntries(targets.map(([key, queueId]) => [key, { kind: 'queue', queueId }])),
      },
    },
  };
  for (const error of validateOverflow(acd, known)) {
    for (const [key, queueId] of targets) {
      if (queueId === error.details.target) {
        fields.push({ path: `acdSettings.overflow.${key}.queueId`, message: error.message });
      }
    }
  }
}

/**
 * The document to store for `queue` after `patch`, checked. `country` reads
 * national numbers. Throws VALIDATION_FAILED listing every bad field.
 */
export async function checkedSettings(
  tx: Repositories,
  queue: Pick<Queue, 'id' | 'businessLineId'>,
  patch: AcdQueueSettingsInput,
  country: string,
): Promise<{ stored: Doc; settings: AcdQueueSettings }> {
  const before = (await tx.queueSettings.getMany([queue.id])).get(queue.id);
  const fields: { path: string; message: string }[] = [];
  const merged = normaliseNumbers(
    mergeSettings(isObject(before) ? before : {}, patch as Doc),
    country,
    fields,
  );
  await checkTargetQueues(tx, queue, merged, fields);
  const parsed = parseAcdSettings(merged);
  if (!parsed.ok) {
    const issues = parsed.error.details.issues as { path: string; message: string }[];
    for (const i of issues) {
      const path = `acdSettings.${i.path}`;
      // A number already reported as unreadable is not reported twice.
      if (!fields.some((f) => f.path === path)) fields.push({ path, message: i.message });
    }
  }
  if (!parsed.ok || fields.length > 0) throw invalid(fields);
  return { stored: merged, settings: parsed.settings };
}

/** The parsed settings of queues (defaults for a queue with none stored, or with a document that no longer parses). */
export async function settingsOf(
  repos: Pick<Repositories, 'queueSettings'>,
  queueIds: readonly string[],
): Promise<AcdQueueSettings[]> {
  const stored = await repos.queueSettings.getMany(queueIds);
  return queueIds.map((id) => {
    const parsed = parseAcdSettings(stored.get(id));
    return parsed.ok ? parsed.settings : DEFAULT_ACD_SETTINGS;
  });
}
