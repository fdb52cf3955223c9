/**
 * Reads a directory of `*.conf` dialplan files (the simulator loads the
 * project's `dialplan/` directory, as Asterisk loads extensions.conf and
 * whatever it `#include`s from beside it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DialplanFile } from './model.ts';

/** Every `*.conf` file of `dir`, sorted by name. */
export function loadDialplanFiles(dir: string): DialplanFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.conf'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}
