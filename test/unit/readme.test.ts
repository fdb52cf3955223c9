import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import test from 'ava';
import { CONFIG_VARIABLES } from '../../src/config.ts';

const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

test('the README documents every environment variable callwright reads', (t) => {
  const undocumented = CONFIG_VARIABLES.filter((name) => !readme.includes(`| \`${name}\` |`));
  t.deepEqual(undocumented, []);
});

test('the README gives the start and test commands', (t) => {
  t.regex(readme, /npm start/);
  t.regex(readme, /npm test/);
});
