/**
 * Browser tests of the widget and the wallboard: the ACD harness (PBX
 * simulator, real ACD, SQLite) behind callwright's real HTTP server, and
 * Debian's chromium driven by playwright-core (headless, a fresh profile,
 * nothing downloaded). A "CRM" host page on another origin embeds the
 * widget with one script tag and one element, as an integrator's page
 * would. Every wait is on DOM state (playwright's waitFor); the time limit
 * only turns a state that never comes into a readable failure.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { Registry } from 'prom-client';
import { createHttpServer, type HttpServer } from '../../src/api/server.ts';
import type { Actor } from '../../src/app/actor.ts';
import { type AcdOptions, type AcdUnderTest, startAcd } from '../integration/acd-harness.ts';

/** Where the screenshots of each step go (test artifacts, not committed). */
export const ARTIFACTS = new URL('../../test-artifacts/browser/', import.meta.url).pathname;

/** Longest a test waits for one DOM state. */
const WAIT_MS = 20_000;

/** The password the harness's agent users get, to sign in through the widget. */
export const PASSWORD = 'widget-test-password';

/** callwright served over HTTP with the ACD harness behind it. */
export interface Served {
  acd: AcdUnderTest;
  server: HttpServer;
  url: string;
  admin: Actor;
  close(): Promise<void>;
}

/** Starts the ACD harness and callwright's HTTP server on a free port. */
export async function serve(options: AcdOptions = {}): Promise<Served> {
  const acd = await startAcd(options);
  const server = createHttpServer({
    services: acd.services,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    readiness: [],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const admin = (await acd.services.auth.authenticate(acd.adminKey, null)) as Actor;
  const url = `http://127.0.0.1:${port}`;
  // The first request bundles widget.js (when no fresh build is on disk): done here, so
  // that the waits on the page never include it.
  const script = await fetch(`${url}/widget.js`);
  if (!script.ok) throw new Error(`widget.js: ${script.status} ${await script.text()}`);
  return {
    acd,
    server,
    url,
    admin,
    async close() {
      await server.shutdown();
      await acd.close();
    },
  };
}

/** Gives the harness's agent users (agent-2001, agent-2002) the test password. */
export async function givePasswords(s: Served): Promise<void> {
  for (const username of ['agent-2001', 'agent-2002']) {
    const user = await s.acd.store.users.getByUsernameWithSecret(username);
    if (!user) throw new Error(`no user ${username}`);
    await s.acd.services.users.setPassword(s.admin, user.id, PASSWORD);
  }
}

/** Chromium with a fresh profile; `close` removes the profile. */
export async function launchBrowser(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'cw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  context.setDefaultTimeout(WAIT_MS);
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The pretend CRM: its own HTTP server (another origin than callwright's,
 * on the loopback interface like callwright, so chromium's local network
 * checks treat both alike) serving the pages a test writes.
 */
export async function startCrm(): Promise<{
  url: string;
  pages: Map<string, string>;
  close(): Promise<void>;
}> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const body = pages.get((req.url ?? '/').split('?')[0] ?? '/');
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://localhost:${port}`,
    pages,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The pretend CRM's server. */
export type Crm = Awaited<ReturnType<typeof startCrm>>;

/**
 * Opens a CRM page embedding the widget: one script tag, one element with
 * `attributes`. The page records every `callwright:offer` event's detail in
 * `window.offers`.
 */
export async function openCrmPage(
  context: BrowserContext,
  crm: Crm,
  s: Served,
  name: string,
  attributes: Record<string, string>,
): Promise<Page> {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${v.replace(/"/g, '&quot;')}"`)
    .join('');
  crm.pages.set(
    `/${name}.html`,
    `<!doctype html><html lang="en"><head><title>CRM ${name}</title></head>
<body style="margin:0;padding:12px;background:#eef1f5">
<script>window.offers = []; document.addEventListener('callwright:offer', (e) => window.offers.push(e.detail));</script>
<script type="module" src="${s.url}/widget.js"></script>
<aside style="width:360px"><callwright-agent${attrs}></callwright-agent></aside>
</body></html>`,
  );
  const page = await context.newPage();
  await page.goto(`${crm.url}/${name}.html`);
  return page;
}

/** The element of the page's widget whose text is exactly `text` (within `selector`). */
export const textIn = (root: Locator, selector: string, text: string | RegExp): Locator =>
  root.locator(selector, { hasText: text });

/** Waits until `selector` in `root` shows `text`. */
export async function waitText(
  root: Locator,
  selector: string,
  text: string | RegExp,
): Promise<void> {
  await textIn(root, selector, text).first().waitFor();
}

/** Saves a screenshot of `target` as `<ARTIFACTS>/<name>.png` (a whole page when `fullPage`). */
export async function snap(target: Locator | Page, name: string, fullPage = false): Promise<void> {
  const path = join(ARTIFACTS, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path, fullPage });
  else await target.screenshot({ path });
}
