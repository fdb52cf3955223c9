/**
 * Where each record writer lane keeps its outbox, and which outbox files
 * next to them an earlier run left with another number of lanes.
 *
 * One lane uses `RECORD_OUTBOX_PATH` itself (as before lanes existed); with
 * N lanes, lane i uses `<path>.<i+1>-of-<N>`. The lane count is part of the
 * name because a call's lane depends on it: a file written with another
 * count holds calls of every lane and is replayed through all of them.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The outbox file of lane `lane` (0-based) out of `lanes`. */
export function laneOutboxPath(path: string, lane: number, lanes: number): string {
  return lanes === 1 ? resolve(path) : `${resolve(path)}.${lane + 1}-of-${lanes}`;
}

/** Non-empty outbox files of other lane counts next to `path`, oldest first. */
export function leftoverOutboxPaths(path: string, lanes: number): string[] {
  const file = resolve(path);
  const dir = dirname(file);
  const base = basename(file);
  const current = new Set(
    Array.from({ length: lanes }, (_, lane) => laneOutboxPath(path, lane, lanes)),
  );
  const lanePattern = /^\.\d+-of-\d+$/;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: Array<{ file: string; mtimeMs: number }> = [];
  for (const name of names) {
    const ours =
      name === base || (name.startsWith(`${base}.`) && lanePattern.test(name.slice(base.length)));
    const candidate = join(dir, name);
    if (!ours || current.has(candidate)) continue;
    const stat = statSync(candidate, { throwIfNoEntry: false });
    if (stat?.isFile() && stat.size > 0) found.push({ file: candidate, mtimeMs: stat.mtimeMs });
  }
  return found.sort((a, b) => a.mtimeMs - b.mtimeMs).map(({ file }) => file);
}
