/**
 * The `agi_*` block Asterisk writes when a FastAGI session opens: one
 * `agi_key: value` line per variable, ended by an empty line
 * (transcripts/fastagi-session-1.txt, parsed form in fastagi-env-1.json).
 * Values may be empty (`agi_accountcode: `) or contain `: `, so each line
 * splits on the FIRST `": "` only. Asterisk writes `unknown` for an absent
 * dnid/rdnis/callerid; that text is passed through unchanged.
 */

/** The typed environment of one FastAGI session. */
export interface AgiEnvironment {
  readonly channel: string;
  readonly uniqueid: string;
  readonly callerid: string;
  readonly calleridname: string;
  readonly dnid: string;
  readonly rdnis: string;
  readonly context: string;
  readonly extension: string;
  readonly priority: string;
  readonly language: string;
  readonly type: string;
  readonly accountcode: string;
  readonly threadid: string;
  readonly enhanced: string;
  readonly version: string;
  readonly network: string;
  readonly network_script: string;
  /** The full request, e.g. `agi://127.0.0.1:4573/ivr/main?lang=en`. */
  readonly request: string;
  /** Path of the request URL, e.g. `/ivr/main`. */
  readonly path: string;
  /** Query parameters of the request URL (first value of each name). */
  readonly query: Readonly<Record<string, string>>;
  /** `agi_arg_1..N`, in order. */
  readonly args: readonly string[];
  /** Every line as received, keys with their `agi_` prefix. */
  readonly raw: Readonly<Record<string, string>>;
}

/** Splits one environment line; null when it is not `key: value`. */
export function splitEnvLine(line: string): [string, string] | null {
  const at = line.indexOf(': ');
  if (at > 0) return [line.slice(0, at), line.slice(at + 2)];
  // `agi_accountcode:` with its trailing space trimmed somewhere on the way.
  if (/^agi_\w+:$/.test(line)) return [line.slice(0, -1), ''];
  return null;
}

/** The variables without which a session cannot be routed or correlated. */
const REQUIRED = ['agi_request', 'agi_channel', 'agi_uniqueid'] as const;

/** Result of {@link buildAgiEnvironment}. */
export type AgiEnvironmentResult =
  | { readonly ok: true; readonly env: AgiEnvironment }
  | { readonly ok: false; readonly missing: readonly string[] };

/** Builds the typed environment from the received `agi_*` variables. */
export function buildAgiEnvironment(raw: Readonly<Record<string, string>>): AgiEnvironmentResult {
  const missing = REQUIRED.filter((key) => raw[key] === undefined);
  if (missing.length > 0) return { ok: false, missing };
  const get = (key: string) => raw[`agi_${key}`] ?? '';
  const request = get('request');
  return {
    ok: true,
    env: {
      channel: get('channel'),
      uniqueid: get('uniqueid'),
      callerid: get('callerid'),
      calleridname: get('calleridname'),
      dnid: get('dnid'),
      rdnis: get('rdnis'),
      context: get('context'),
      extension: get('extension'),
      priority: get('priority'),
      language: get('language'),
      type: get('type'),
      accountcode: get('accountcode'),
      threadid: get('threadid'),
      enhanced: get('enhanced'),
      version: get('version'),
      network: get('network'),
      network_script: get('network_script'),
      request,
      ...parseRequest(request),
      args: collectArgs(raw),
      raw: { ...raw },
    },
  };
}

/**
 * `agi://host:port/ivr/main?lang=en` -> path `/ivr/main`, query `{ lang: 'en' }`.
 * A request that is not a URL (a local script name) keeps its text as path.
 */
export function parseRequest(request: string): { path: string; query: Record<string, string> } {
  let pathname: string;
  let search: string;
  try {
    const url = new URL(request);
    pathname = url.pathname;
    search = url.search;
  } catch {
    const q = request.indexOf('?');
    pathname = q === -1 ? request : request.slice(0, q);
    search = q === -1 ? '' : request.slice(q);
  }
  // fromEntries defines own properties, so `?__proto__=x` cannot touch a prototype.
  const seen = new Set<string>();
  const first = [...new URLSearchParams(search)].filter(([k]) => !seen.has(k) && seen.add(k));
  return { path: pathname, query: Object.fromEntries(first) };
}

function collectArgs(raw: Readonly<Record<string, string>>): string[] {
  const numbered: Array<[number, string]> = [];
  for (const [key, value] of Object.entries(raw)) {
    const m = /^agi_arg_(\d+)$/.exec(key);
    if (m) numbered.push([Number(m[1]), value]);
  }
  return numbered.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}
