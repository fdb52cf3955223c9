/**
 * Request parameters as res_ari reads them: query string parameters, plus
 * the fields of a JSON body ("Other keys in the body object are interpreted
 * as query parameters", channels.json), with `variables` kept as an object.
 * Multi-valued parameters may repeat or be comma separated.
 */

/** Merged parameters of one request. */
export class Params {
  private readonly values = new Map<string, string[]>();
  readonly body: Record<string, unknown>;

  constructor(url: URL, body: unknown) {
    for (const [k, v] of url.searchParams) this.add(k, v);
    this.body =
      body && typeof body === 'object' && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : {};
    for (const [k, v] of Object.entries(this.body)) {
      if (k === 'variables') continue;
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        this.add(k, String(v));
      else if (Array.isArray(v)) for (const x of v) this.add(k, String(x));
    }
  }

  private add(k: string, v: string): void {
    const list = this.values.get(k) ?? [];
    list.push(v);
    this.values.set(k, list);
  }

  /** A string parameter (first value), or undefined. */
  str(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /** An integer parameter like atoi (undefined when absent). */
  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = Number.parseInt(v, 10);
    return Number.isNaN(n) ? 0 : n;
  }

  /** A boolean parameter (`true`/`yes`/`1`). */
  bool(name: string, fallback = false): boolean {
    const v = this.str(name);
    if (v === undefined) return fallback;
    return ['true', 'yes', '1', 'on'].includes(v.toLowerCase());
  }

  /** A multi-valued parameter: repeated and/or comma separated. */
  list(name: string): string[] {
    return (this.values.get(name) ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
  }

  /**
   * The `variables` body object as strings; a value may be a string or
   * `{value, report_events}`. Undefined when absent; `'invalid'` for other types.
   */
  variables(): Record<string, string> | undefined | 'invalid' {
    const v = this.body.variables;
    if (v === undefined) return undefined;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return 'invalid';
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'string') out[k] = x;
      else if (x && typeof x === 'object' && typeof (x as { value?: unknown }).value === 'string') {
        out[k] = (x as { value: string }).value;
      } else return 'invalid';
    }
    return out;
  }
}
