/**
 * Benchmark runner: `npm run bench -- <name>` imports `bench/<name>.ts` and
 * awaits its default export. Each bench prints a JSON summary as its last line.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write('usage: npm run bench -- <name>   (runs bench/<name>.ts)\n');
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as { default?: () => Promise<unknown> };
if (typeof mod.default !== 'function') {
  process.stderr.write(`bench/${name}.ts has no default export function\n`);
  process.exit(2);
}
await mod.default();
