/**
 * Formatting shared by the widget and the wallboard: durations as a clock
 * reads them, times in the viewer's zone, and the CRM link of a call.
 */

/** `m:ss` under an hour, `h:mm:ss` above; negative spans read as zero. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A number of seconds as `m:ss` (null: a dash). */
export const seconds = (s: number | null | undefined): string =>
  s === null || s === undefined ? '–' : duration(s * 1000);

/** Day and time of an ISO date in the viewer's zone, e.g. `5 Jan, 10:00`. */
export function dayTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A share (0..1) as a whole percentage; null: a dash. */
export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined || Number.isNaN(share)
    ? '–'
    : `${Math.round(share * 100)}%`;

/** What a CRM link may be filled with. */
export interface CrmFields {
  ani: string;
  dnis: string;
  callId: string;
  contactId: string | null;
  queue: string;
}

/**
 * The CRM URL of a call: `{ani}`, `{dnis}`, `{callId}`, `{contactId}` and
 * `{queue}` in `template` are replaced by their URL-encoded values. Null
 * when there is no template or the result is not an http(s) URL (a
 * template is configuration, but a `javascript:` link is never opened).
 */
export function crmUrl(template: string | null | undefined, fields: CrmFields): string | null {
  if (!template) return null;
  const filled = template.replace(/\{(ani|dnis|callId|contactId|queue)\}/g, (_, key: string) =>
    encodeURIComponent(String(fields[key as keyof CrmFields] ?? '')),
  );
  try {
    const url = new URL(filled, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Splits a comma-separated attribute into trimmed, non-empty items. */
export const listOf = (value: string | null | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
