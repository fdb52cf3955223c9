/**
 * `/widget.js` and `/wallboard` over HTTP, and where the bundle comes from:
 * a build on disk when it is newer than every source, else the sources
 * bundled with vite in memory (a temporary project here, so the test does
 * not depend on the widget's own sources), loaded once per process.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import pino from 'pino';
import { WidgetUnavailable, widgetBundle } from '../../src/api/widget-bundle.ts';
import { createWidgetRoutes, isWidgetPath } from '../../src/api/widget-http.ts';

const logger = pino({ level: 'silent' });

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server };
}

async function routes(bundle: Parameters<typeof createWidgetRoutes>[1]) {
  const serveWidget = createWidgetRoutes(logger, bundle);
  return listen((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (isWidgetPath(path)) serveWidget(req, res, path);
    else {
      res.writeHead(404);
      res.end();
    }
  });
}

test('widget.js is served to any origin with an ETag, and revalidates with 304', async (t) => {
  const { url, server } = await routes(async () => ({ code: 'export const x = 1;', etag: '"v1"' }));
  try {
    const first = await fetch(`${url}/widget.js`);
    t.is(first.status, 200);
    t.is(first.headers.get('content-type'), 'text/javascript; charset=utf-8');
    t.is(first.headers.get('access-control-allow-origin'), '*');
    t.is(first.headers.get('etag'), '"v1"');
    t.is(await first.text(), 'export const x = 1;');
    const again = await fetch(`${url}/widget.js`, { headers: { 'if-none-match': '"v1"' } });
    t.is(again.status, 304);
    t.is((await fetch(`${url}/widget.js`, { method: 'POST' })).status, 405);
  } finally {
    server.close();
  }
});

test('the wallboard page loads widget.js and holds the wallboard element', async (t) => {
  const { url, server } = await routes(async () => ({ code: '', etag: '"v"' }));
  try {
    const page = await fetch(`${url}/wallboard`);
    t.is(page.status, 200);
    t.is(page.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await page.text();
    t.regex(html, /<script type="module" src="widget\.js"><\/script>/);
    t.regex(html, /<callwright-wallboard><\/callwright-wallboard>/);
  } finally {
    server.close();
  }
});

test('a widget that cannot be built answers 503 saying how to build it', async (t) => {
  const { url, server } = await routes(async () => {
    throw new WidgetUnavailable('run npm run build:widget');
  });
  try {
    const response = await fetch(`${url}/widget.js`);
    t.is(response.status, 503);
    t.is(await response.text(), 'run npm run build:widget');
  } finally {
    server.close();
  }
});

/** A small project: one source file, a vite config, and a place for a build. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), 'cw-widget-'));
  const sourceDir = join(dir, 'src');
  mkdirSync(sourceDir);
  return {
    dir,
    sourceDir,
    entry: join(sourceDir, 'entry.ts'),
    builtFile: join(dir, 'built.js'),
    configFile: join(dir, 'vite.config.mjs'),
  };
}

const PAST = new Date(Date.UTC(2026, 0, 1));

test('a build on disk newer than the sources is served as it is', async (t) => {
  const p = project();
  try {
    writeFileSync(p.entry, 'export const fresh = "from source";\n');
    writeFileSync(p.builtFile, 'export const built = "from disk";\n');
    utimesSync(p.entry, PAST, PAST);
    const load = widgetBundle(p);
    const bundle = await load();
    t.is(bundle.code, 'export const built = "from disk";\n');
    t.regex(bundle.etag, /^"[\w-]+"$/);
    t.is(await load(), bundle, 'loaded once');
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }
});

test('sources newer than the build on disk are bundled with vite', async (t) => {
  const p = project();
  try {
    writeFileSync(p.entry, 'const word: string = "from source";\nexport const fresh = word;\n');
    writeFileSync(
      p.configFile,
      `export default {
        logLevel: 'silent',
        build: {
          lib: { entry: ${JSON.stringify(p.entry)}, formats: ['es'], fileName: () => 'widget.js' },
          outDir: ${JSON.stringify(join(p.dir, 'out'))},
          minify: false,
        },
      };\n`,
    );
    writeFileSync(p.builtFile, 'export const built = "stale";\n');
    utimesSync(p.builtFile, PAST, PAST);
    const bundle = await widgetBundle(p)();
    t.regex(bundle.code, /from source/);
    t.notRegex(bundle.code, /stale/);
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }
});
