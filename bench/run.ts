/**
 * Benchmark runner: `npm run bench -- <name>` imports `bench/<name>.ts` and
 * awaits its default export. Each bench prints a JSON summary as its last line.
 */
import { readdirSync } from 'node:fs';

/** Bench modules: every bench/*.ts but this runner and worker helpers (`*-server.ts`). */
const available = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('-server.ts'))
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name>   (one of: ${available.join(', ')})\n`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { default?: () => Promise<unknown> };
if (typeof mod.default !== 'function') {
  process.stderr.write(`bench/${name}.ts has no default export function\n`);
  process.exit(2);
}
await mod.default();
