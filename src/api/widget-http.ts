/**
 * The browser side of callwright over HTTP: `/widget.js` (the agent widget
 * and wallboard elements, one ES module any page may load: it carries no
 * secret and talks to callwright only through GraphQL with the token it is
 * given) and `/wallboard` (a page holding `<callwright-wallboard>`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../app/logger.ts';
import { type WidgetBundle, WidgetUnavailable, widgetBundle } from './widget-bundle.ts';

const WALLBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>callwright wallboard</title>
<style>html, body { margin: 0; background: #0b1220; }</style>
<script type="module" src="widget.js"></script>
</head>
<body>
<callwright-wallboard></callwright-wallboard>
</body>
</html>
`;

/** True for the paths this module serves. */
export const isWidgetPath = (path: string): boolean =>
  path === '/widget.js' || path === '/wallboard';

/** Serves `/widget.js` and `/wallboard`; the bundle comes from `bundle` (built once). */
export function createWidgetRoutes(
  logger: Logger,
  bundle: () => Promise<WidgetBundle> = widgetBundle(),
) {
  const log = logger.child({ component: 'widget-http' });

  async function script(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const { code, etag } = await bundle();
      const headers = {
        etag,
        // Revalidated on each load, so a new release reaches every desk at once.
        'cache-control': 'no-cache',
        // CRM pages on other origins load it as a module script (CORS mode).
        'access-control-allow-origin': '*',
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : code);
    } catch (error) {
      if (!(error instanceof WidgetUnavailable))
        log.error({ err: error }, 'building widget.js failed');
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(error instanceof WidgetUnavailable ? error.message : 'widget.js could not be built');
    }
  }

  return (req: IncomingMessage, res: ServerResponse, path: string): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
    } else if (path === '/widget.js') {
      void script(req, res);
    } else {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'x-frame-options': 'DENY',
      });
      res.end(req.method === 'HEAD' ? undefined : WALLBOARD_PAGE);
    }
  };
}
