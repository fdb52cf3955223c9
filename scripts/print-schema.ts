/**
 * Writes schema.graphql from the Pothos schema; with --check, fails (exit 1)
 * when the committed file differs from what the code generates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/api/schema.ts';

const path = new URL('../schema.graphql', import.meta.url);
const printed = `${printSchema(schema)}\n`;
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(path, 'utf8');
  } catch {
    // a missing file is drift too
  }
  if (committed !== printed) {
    console.error('schema.graphql is out of date: run `npm run schema:print` and commit it.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  writeFileSync(path, printed);
  console.log('wrote schema.graphql');
}
