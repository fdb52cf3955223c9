/**
 * The browser bundle (`widget.js`) the HTTP server hands out, so that
 * `npm start` on a fresh clone serves the widget and the wallboard with no
 * build step:
 * - a build on disk (`npm run build:widget` writes dist/widget/widget.js,
 *   as a deployment image does) is served when it is at least as new as
 *   every source file under src/widget/;
 * - otherwise the sources are bundled with vite at the first request (a
 *   second or two) and the result is kept in memory for the process;
 * - without vite (a production install without dev dependencies) a stale
 *   build on disk is still served, and with none at all the request gets an
 *   error that says how to build it.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundle, with the ETag it is served with. */
export interface WidgetBundle {
  code: string;
  etag: string;
}

/** Where the bundle comes from. */
export interface WidgetSources {
  /** The widget's sources (src/widget/). */
  sourceDir: string;
  /** The vite config that builds them. */
  configFile: string;
  /** A build written by `npm run build:widget`. */
  builtFile: string;
}

/** The sources of this checkout. */
export const WIDGET_SOURCES: WidgetSources = {
  sourceDir: fileURLToPath(new URL('../widget/', import.meta.url)),
  configFile: fileURLToPath(new URL('../widget/vite.config.ts', import.meta.url)),
  builtFile: fileURLToPath(new URL('../../dist/widget/widget.js', import.meta.url)),
};

/** A widget that cannot be served, and why. */
export class WidgetUnavailable extends Error {}

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? await newestSource(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

async function builtAt(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

/** Bundles the sources with vite's JS API, in memory; the code of `widget.js`. */
export async function bundleWidget(configFile: string): Promise<string> {
  const vite = await import('vite');
  const result = await vite.build({
    configFile,
    logLevel: 'silent',
    build: { write: false },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    for (const chunk of output.output) {
      if (chunk.type === 'chunk' && chunk.fileName === 'widget.js') return chunk.code;
    }
  }
  throw new Error('the vite build produced no widget.js');
}

const isMissingVite = (error: unknown) =>
  error instanceof Error &&
  'code' in error &&
  (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND') &&
  error.message.includes('vite');

async function load(sources: WidgetSources): Promise<string> {
  const built = await builtAt(sources.builtFile);
  if (built !== null && built >= (await newestSource(sources.sourceDir))) {
    return readFile(sources.builtFile, 'utf8');
  }
  try {
    return await bundleWidget(sources.configFile);
  } catch (error) {
    if (!isMissingVite(error)) throw error;
    if (built !== null) return readFile(sources.builtFile, 'utf8');
    throw new WidgetUnavailable(
      'widget.js is not built and vite is not installed: run `npm run build:widget` where the dev dependencies are installed',
    );
  }
}

/**
 * Loaders by sources: the bundle of one checkout is the same for every
 * server of the process (tests start many), so it is built once.
 */
const loaders = new Map<WidgetSources, () => Promise<WidgetBundle>>();

/** The bundle of `sources`, loaded once per process (concurrent first requests share the load); a failed load is tried again. */
export function widgetBundle(sources: WidgetSources = WIDGET_SOURCES): () => Promise<WidgetBundle> {
  const known = loaders.get(sources);
  if (known) return known;
  let loading: Promise<WidgetBundle> | null = null;
  const loader = () => {
    loading ??= load(sources).then(
      (code) => ({ code, etag: `"${createHash('sha256').update(code).digest('base64url')}"` }),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  loaders.set(sources, loader);
  return loader;
}
