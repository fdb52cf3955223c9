/**
 * Rendering asterisk-conf/ for one installation: `${NAME}` placeholders
 * filled from the environment (the same syntax `envsubst` fills, so either
 * can do it), the chosen trunk variant installed as pjsip_trunk.conf, and
 * the dialplan copied with its deployment globals (CALLWRIGHT_AGI, ARI_APP)
 * set. Dialplan files are never substituted: their `${...}` are dialplan
 * variables, read by Asterisk at call time.
 */
import type { ConfFile } from './conf-set.ts';

/**
 * Every placeholder the shipped asterisk-conf/ files use, with what it
 * holds. The docker entrypoint passes this same list to envsubst.
 */
export const PLACEHOLDERS: Readonly<Record<string, string>> = Object.freeze({
  ARI_USER: 'ARI user (ari.conf); callwright ARI_USER',
  ARI_PASSWORD: 'ARI password; callwright ARI_PASSWORD',
  AMI_USER: 'AMI user (manager.conf); callwright AMI_USER',
  AMI_SECRET: 'AMI secret; callwright AMI_SECRET',
  ASTERISK_BIND_ADDRESS: 'address the ARI (HTTP) and AMI servers listen on, e.g. 127.0.0.1',
  CALLWRIGHT_NETWORK: 'address/mask of the callwright hosts allowed on AMI, e.g. 127.0.0.1/32',
  TRUNK_HOST: 'SIP provider host or IP address',
  TRUNK_USERNAME: 'SIP provider user name (registration trunk only)',
  TRUNK_PASSWORD: 'SIP provider password (registration trunk only)',
});

/** The two trunk variants, by the TRUNK_MODE value that picks them. */
export const TRUNK_VARIANTS = Object.freeze({
  ip: 'pjsip_trunk_ip.conf',
  registration: 'pjsip_trunk_registration.conf',
} as const);

/** `ip` or `registration`. */
export type TrunkMode = keyof typeof TRUNK_VARIANTS;

/** The file name Asterisk includes for the trunk (pjsip.conf `#tryinclude`). */
export const TRUNK_FILE = 'pjsip_trunk.conf';

const PLACEHOLDER = /\$\{([A-Z][A-Z0-9_]*)\}/g;

/** The placeholder names a text uses, with the line of each use. */
export function placeholdersIn(text: string): Array<{ name: string; line: number }> {
  const found: Array<{ name: string; line: number }> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    for (const m of line.matchAll(PLACEHOLDER))
      found.push({ name: m[1] as string, line: index + 1 });
  });
  return found;
}

/** A placeholder with no value in the environment. */
export interface MissingValue {
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

/** Fills `${NAME}` from `values`; names without a value stay as written and are reported. */
export function fillPlaceholders(
  file: string,
  text: string,
  values: Readonly<Record<string, string | undefined>>,
): { text: string; missing: MissingValue[] } {
  const missing: MissingValue[] = [];
  const lines = text.split('\n').map((line, index) =>
    line.replace(PLACEHOLDER, (whole, name: string) => {
      const value = values[name];
      if (value === undefined || value === '') {
        missing.push({ name, file, line: index + 1 });
        return whole;
      }
      return value;
    }),
  );
  return { text: lines.join('\n'), missing };
}

/**
 * Sets `[globals]` entries of a dialplan file to deployment values, keeping
 * every other line (and the comments) as written.
 */
export function setDialplanGlobals(
  text: string,
  values: Readonly<Record<string, string | undefined>>,
): string {
  let inGlobals = false;
  return text
    .split('\n')
    .map((line) => {
      const section = /^\s*\[([^\]]+)\]/.exec(line);
      if (section) inGlobals = section[1] === 'globals';
      if (!inGlobals) return line;
      const entry = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*)[^;]*?(\s*;.*)?$/.exec(line);
      const value = entry ? values[entry[2] as string] : undefined;
      if (!entry || value === undefined || value === '') return line;
      return `${entry[1]}${entry[2]}${entry[3]}${value}${entry[4] ?? ''}`;
    })
    .join('\n');
}

/** What {@link renderInstallation} needs. */
export interface RenderInput {
  /** asterisk-conf/*.conf */
  readonly conf: readonly ConfFile[];
  /** dialplan/*.conf */
  readonly dialplan: readonly ConfFile[];
  readonly trunk: TrunkMode;
  /** Placeholder values and dialplan globals (CALLWRIGHT_AGI, ARI_APP). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The files for /etc/asterisk, and every placeholder left without a value. */
export function renderInstallation(input: RenderInput): {
  files: ConfFile[];
  missing: MissingValue[];
} {
  const variants = new Set<string>(Object.values(TRUNK_VARIANTS));
  const files: ConfFile[] = [];
  const missing: MissingValue[] = [];
  for (const f of input.conf) {
    if (variants.has(f.name) && f.name !== TRUNK_VARIANTS[input.trunk]) continue;
    const rendered = fillPlaceholders(f.name, f.text, input.env);
    missing.push(...rendered.missing);
    const name = f.name === TRUNK_VARIANTS[input.trunk] ? TRUNK_FILE : f.name;
    files.push({ name, text: rendered.text });
  }
  const globals = { CALLWRIGHT_AGI: input.env.CALLWRIGHT_AGI, ARI_APP: input.env.ARI_APP };
  for (const f of input.dialplan)
    files.push({ name: f.name, text: setDialplanGlobals(f.text, globals) });
  return { files, missing };
}
