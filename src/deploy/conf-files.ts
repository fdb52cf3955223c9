/**
 * Reading and writing configuration directories for the deployment
 * commands: every `*.conf` file directly inside a directory, by name.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfFile } from './conf-set.ts';

/**
 * Every `*.conf` file of `dir` (not recursive), sorted by name. Symbolic
 * links are followed (the container links pjsip_agents.conf); a dangling
 * link counts as no file, as Asterisk's `#tryinclude` sees it.
 */
export function readConfDir(dir: string): ConfFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.conf'))
    .filter((name) => existsSync(join(dir, name)) && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** Writes `files` into `dir` (created if needed), replacing files of the same name. */
export function writeConfDir(dir: string, files: readonly ConfFile[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.name), f.text);
}
