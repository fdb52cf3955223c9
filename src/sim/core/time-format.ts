/**
 * Asterisk's time formats. The lab Asterisk ran in UTC, so every timestamp
 * is rendered in UTC with Asterisk's own layouts (see
 * transcripts/ari-samples/*.json and ami-samples/Event-Cdr.txt).
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** ARI `timestamp`/`creationtime`: `2026-11-23T08:56:16.924+0000`. */
export function ariTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `.${pad(d.getUTCMilliseconds(), 3)}+0000`
  );
}

/** AMI `Timestamp:` header: seconds with microseconds, `1795424307.234706`. */
export function amiTimestamp(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const micros = Math.round((ms - whole * 1000) * 1000);
  return `${whole}.${pad(micros, 6)}`;
}

/** CDR/CEL times: `2026-11-23 08:56:22`. */
export function cdrTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** HTTP `Date:` header. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** `HH:MM:SS` durations as CoreShowChannels prints them. */
export function hms(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
