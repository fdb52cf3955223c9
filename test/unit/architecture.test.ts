/**
 * The dependency rules of STYLE.md, checked on the import statements of
 * every source file: domain is pure, app depends only on domain, sim and
 * widget stand alone, process.env is read only where configuration lives.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import test from 'ava';

const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

interface Import {
  file: string;
  spec: string;
  /** Resolved path relative to the repo for local imports, else the bare specifier. */
  target: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((spec) => ({
    file: relative(root, file),
    spec,
    target: spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : spec,
  }));
}

const all = filesUnder(src).flatMap(importsOf);
const layerOf = (path: string) => path.split('/')[1];
const from = (layer: string) => all.filter((i) => layerOf(i.file) === layer);

function violations(list: Import[], allowed: (i: Import) => boolean): string[] {
  return list.filter((i) => !allowed(i)).map((i) => `${i.file} imports ${i.spec}`);
}

const isLocal = (i: Import) => i.spec.startsWith('.');
const inLayer = (i: Import, ...layers: string[]) =>
  isLocal(i) && i.target.startsWith('src/') && layers.includes(layerOf(i.target) ?? '');
const isNodeBuiltin = (i: Import) => i.spec.startsWith('node:');

/** Pure libraries the domain may use: they do no I/O and read no clock. */
const PURE_LIBRARIES = [
  'libphonenumber-js',
  'libphonenumber-js/max',
  'zod',
  'luxon',
  'date-holidays',
];

test('domain imports only domain files and pure libraries', (t) => {
  t.deepEqual(
    violations(from('domain'), (i) =>
      isLocal(i) ? inLayer(i, 'domain') : PURE_LIBRARIES.includes(i.spec),
    ),
    [],
  );
});

test('domain never reads the clock, timers, randomness or the environment', (t) => {
  const offenders = filesUnder(join(src, 'domain')).filter((f) =>
    /\bDate\.now\(|new Date\(\)|DateTime\.(now|local)\(|setTimeout|setInterval|Math\.random|process\./.test(
      readFileSync(f, 'utf8'),
    ),
  );
  t.deepEqual(
    offenders.map((f) => relative(root, f)),
    [],
  );
});

test('app imports only domain and app files', (t) => {
  t.deepEqual(
    violations(from('app'), (i) => inLayer(i, 'domain', 'app')),
    [],
  );
});

test('sim and widget import nothing from the rest of src', (t) => {
  const list = [...from('sim'), ...from('widget')];
  t.deepEqual(
    violations(
      list,
      (i) => !isLocal(i) || inLayer(i, layerOf(i.file)!) || !i.target.startsWith('src/'),
    ),
    [],
  );
});

test('adapters and store do not import the API, and nothing imports main', (t) => {
  const list = [...from('asterisk'), ...from('store')];
  t.deepEqual(
    violations(list, (i) => !inLayer(i, 'api', 'sim', 'widget')),
    [],
  );
  t.deepEqual(
    all.filter((i) => i.target === 'src/main.ts').map((i) => i.file),
    [],
  );
});

test('process.env is read only in the configuration modules', (t) => {
  const allowed = new Set(['src/config.ts', 'src/sim/sim-config.ts']);
  const offenders = filesUnder(src)
    .map((f) => relative(root, f))
    .filter((f) => !allowed.has(f) && readFileSync(join(root, f), 'utf8').includes('process.env'));
  t.deepEqual(offenders, []);
});

test('the check sees the real tree (guards against an empty scan)', (t) => {
  t.true(from('domain').length > 0);
  t.true(from('app').length > 0);
  t.true(all.some((i) => isNodeBuiltin(i)));
});
