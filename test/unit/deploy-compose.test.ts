/**
 * docker/compose.yml cannot be run here (no Docker), so it is checked by
 * reading it: every variable callwright reads is set for its services and
 * parses, every interpolated variable has a value in .env.example or a
 * default, and every path compose and the Dockerfiles name exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import test from 'ava';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.ts';
import { PLACEHOLDERS } from '../../src/deploy/render.ts';

const root = resolve(import.meta.dirname, '../..');
const dockerDir = join(root, 'docker');
const composeText = readFileSync(join(dockerDir, 'compose.yml'), 'utf8');

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  environment?: Record<string, string | number | null> | string[];
  volumes?: Array<string | { type: string; source: string }>;
  profiles?: string[];
  depends_on?: Record<string, unknown> | string[];
}
const compose = parse(composeText) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};

/** KEY=VALUE lines of an env file (comments and blank lines skipped). */
function envFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}
const dotenv = envFile(join(dockerDir, '.env.example'));

/** Compose interpolation: ${N}, ${N:-default}, ${N-default}, ${N:?error}, ${N?error}. */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (_w, name: string, op?: string, arg?: string) => {
      const value = vars[name];
      const empty = value === undefined || (op?.startsWith(':') && value === '');
      if (!empty) return value as string;
      if (op?.endsWith('-')) return arg ?? '';
      if (op?.endsWith('?')) throw new Error(`${name}: ${arg}`);
      return '';
    },
  );
}

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => {
        const i = line.indexOf('=');
        return [line.slice(0, i), line.slice(i + 1)] as const;
      })
    : Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)] as const);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v, dotenv)]));
}

const callwrightServices = ['callwright', 'callwright-sim'] as const;

for (const name of callwrightServices) {
  test(`${name}: every variable callwright reads is set`, (t) => {
    const service = compose.services[name];
    t.truthy(service, `service ${name} exists`);
    const env = environmentOf(service as Service);
    t.deepEqual(
      CONFIG_VARIABLES.filter((v) => !(v in env)),
      [],
    );
  });

  test(`${name}: its environment, filled from .env.example, is a valid configuration`, (t) => {
    const config = loadConfig(environmentOf(compose.services[name] as Service));
    t.is(config.PBX, name === 'callwright' ? 'asterisk' : 'sim');
    t.is(config.HTTP_HOST, '0.0.0.0');
  });
}

test('callwright talks to the compose services by name and shares the ARI/AMI users with Asterisk', (t) => {
  const cw = environmentOf(compose.services.callwright as Service);
  const ast = environmentOf(compose.services.asterisk as Service);
  t.regex(cw.DATABASE_URL ?? '', /^mysql:\/\/callwright:[^@]+@mariadb:3306\/callwright$/);
  t.is(cw.ARI_URL, 'http://asterisk:8088');
  t.is(cw.AMI_HOST, 'asterisk');
  t.is(cw.REDIS_URL, 'redis://redis:6379');
  for (const key of ['ARI_USER', 'ARI_PASSWORD', 'AMI_USER', 'AMI_SECRET', 'ARI_APP'] as const) {
    t.is(ast[key], cw[key], key);
  }
  t.is(ast.CALLWRIGHT_AGI, `callwright:${cw.AGI_PORT}`);
});

test('the asterisk service sets every placeholder of asterisk-conf/', (t) => {
  const env = environmentOf(compose.services.asterisk as Service);
  t.deepEqual(
    Object.keys(PLACEHOLDERS).filter((p) => !(p in env)),
    [],
  );
});

test('the asterisk entrypoint fills exactly the placeholders the renderer knows', (t) => {
  const script = readFileSync(join(dockerDir, 'asterisk/entrypoint.sh'), 'utf8');
  const listed = /^PLACEHOLDERS='([^']*)'/m.exec(script)?.[1]?.split(/\s+/) ?? [];
  t.deepEqual([...listed].sort(), Object.keys(PLACEHOLDERS).sort());
});

test('every variable compose requires without a default is in .env.example', (t) => {
  const withoutComments = composeText
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');
  const required = [...withoutComments.matchAll(/\$\{([A-Z_][A-Z0-9_]*)(\}|:?\?)/g)].map(
    (m) => m[1] as string,
  );
  t.true(required.length > 0);
  t.deepEqual(
    [...new Set(required)].filter((name) => !(name in dotenv)),
    [],
  );
});

test('the sim profile runs callwright alone, without Asterisk', (t) => {
  const sim = compose.services['callwright-sim'] as Service;
  t.deepEqual(sim.profiles, ['sim']);
  t.is(sim.depends_on, undefined);
  for (const [name, service] of Object.entries(compose.services)) {
    if (name !== 'callwright-sim') t.is(service.profiles, undefined, `${name} runs by default`);
  }
});

test('every mounted host path exists and every named volume is declared', (t) => {
  const declared = new Set(Object.keys(compose.volumes ?? {}));
  let bindMounts = 0;
  for (const [name, service] of Object.entries(compose.services)) {
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === 'string' ? (volume.split(':')[0] as string) : volume.source;
      if (source.startsWith('.') || source.startsWith('/')) {
        bindMounts++;
        t.true(existsSync(resolve(dockerDir, source)), `${name}: ${source} exists`);
      } else {
        t.true(declared.has(source), `${name}: volume ${source} is declared`);
      }
    }
  }
  t.true(bindMounts >= 2, 'asterisk mounts asterisk-conf/ and dialplan/');
});

/** Sources of the COPY lines of a Dockerfile that copy from the build context. */
function copySources(dockerfile: string): string[] {
  return readFileSync(dockerfile, 'utf8')
    .split('\n')
    .filter((line) => /^COPY\s/.test(line) && !line.includes('--from='))
    .flatMap((line) => line.trim().split(/\s+/).slice(1, -1));
}

test('every build context, Dockerfile and file the Dockerfiles copy exists', (t) => {
  let builds = 0;
  for (const [name, service] of Object.entries(compose.services)) {
    if (!service.build) {
      t.truthy(service.image, `${name} has an image or a build`);
      continue;
    }
    builds++;
    const context = resolve(dockerDir, service.build.context);
    const dockerfile = join(context, service.build.dockerfile);
    t.true(existsSync(dockerfile), `${name}: ${service.build.dockerfile}`);
    for (const source of copySources(dockerfile)) {
      t.true(existsSync(join(context, source)), `${name}: COPY ${source}`);
    }
    t.true(
      existsSync(`${dockerfile}.dockerignore`),
      `${name}: ${dirname(service.build.dockerfile)} has its .dockerignore`,
    );
  }
  t.is(builds, 3);
});

test("callwright's image runs as a non-root user and checks /healthz", (t) => {
  const dockerfile = readFileSync(join(dockerDir, 'callwright.Dockerfile'), 'utf8');
  t.regex(dockerfile, /^FROM node:20[^\n]*slim AS deps$/m);
  t.regex(dockerfile, /^FROM node:20[^\n]*slim AS runtime$/m);
  t.regex(dockerfile, /^USER node$/m);
  t.regex(dockerfile, /^HEALTHCHECK [\s\S]*\/healthz/m);
});
