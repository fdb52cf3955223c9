/**
 * A small path router for the ARI resources: `/channels/{channelId}/play`
 * style templates, 404 "Resource not found" for unknown paths and 405
 * "Invalid method" for a known path with the wrong method, as res_ari does.
 */
import type { IncomingMessage } from 'node:http';
import type { AriResponse } from './http.ts';
import type { Params } from './params.ts';

/** What a handler receives. */
export interface AriRequest {
  method: string;
  path: string;
  pathParams: Record<string, string>;
  params: Params;
  raw: IncomingMessage;
}

/** A route handler. */
export type Handler = (req: AriRequest) => AriResponse | Promise<AriResponse>;

interface Route {
  method: string;
  parts: string[];
  handler: Handler;
}

/** Route table with `{name}` path segments. */
export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route; `template` is relative to `/ari`. */
  on(method: string, template: string, handler: Handler): this {
    this.routes.push({ method, parts: template.split('/').filter(Boolean), handler });
    return this;
  }

  /** Finds the handler; `'no-path'` or `'no-method'` when none fits. */
  match(
    method: string,
    path: string,
  ): { handler: Handler; pathParams: Record<string, string> } | 'no-path' | 'no-method' {
    const segs = path.split('/').filter(Boolean).map(decodeURIComponent);
    let pathMatched = false;
    for (const r of this.routes) {
      const pathParams = matchParts(r.parts, segs);
      if (!pathParams) continue;
      pathMatched = true;
      if (r.method === method) return { handler: r.handler, pathParams };
    }
    return pathMatched ? 'no-method' : 'no-path';
  }
}

function matchParts(parts: string[], segs: string[]): Record<string, string> | undefined {
  if (parts.length !== segs.length) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = segs[i]!;
    if (p.startsWith('{') && p.endsWith('}')) out[p.slice(1, -1)] = s;
    else if (p !== s) return undefined;
  }
  return out;
}
