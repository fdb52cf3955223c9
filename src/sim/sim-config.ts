/**
 * The simulator's own configuration, read from the environment once (the
 * simulator is a separate program; this is its only `process.env` reader).
 * Names shared with callwright (ARI_USER, ARI_PASSWORD, AMI_USER,
 * AMI_SECRET, ARI_URL, AMI_PORT, AGI_PORT) mean the same thing on both
 * sides, so one .env configures both; SIM_* names are simulator-only.
 */
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const schema = z.object({
  ARI_USER: z.string().min(1).default('callwright'),
  ARI_PASSWORD: z.string().min(1).default('callwright'),
  ARI_URL: z.string().optional(),
  SIM_ARI_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  AMI_USER: z.string().min(1).default('callwright'),
  AMI_SECRET: z.string().min(1).default('callwright'),
  AMI_PORT: port(5038),
  AGI_PORT: port(4573),
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_AGI_TARGET: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'host:port')
    .optional(),
  SIM_SEED: z.coerce.number().int().default(1),
  SIM_DIALPLAN_DIR: z.string().min(1).default('dialplan'),
  SIM_RECORDINGS_DIR: z.string().min(1).default('data/recordings'),
  SIM_PHONES: z
    .string()
    .regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'extensions like 1001-1099,2001')
    .default('1001-1099'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // asterisk.conf `systemname`: prefixes uniqueids, so several simulators
  // standing in for several Asterisk nodes never share a channel id.
  SIM_SYSTEM_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});

/** Parsed simulator settings. */
export interface SimConfig {
  host: string;
  ariPort: number;
  ariUser: string;
  ariPassword: string;
  amiPort: number;
  amiUsers: Record<string, string>;
  agiTarget: string;
  seed: number;
  dialplanDir: string;
  recordingsDir: string;
  phones: string[];
  logLevel: string;
  /** asterisk.conf `systemname` the simulator plays; undefined: none. */
  systemName: string | undefined;
}

/** Expands `1001-1003,2001` into extensions. */
export function expandExtensions(spec: string): string[] {
  const out: string[] = [];
  for (const part of spec.split(',')) {
    const [a = '', b] = part.split('-');
    if (b === undefined) {
      out.push(a);
      continue;
    }
    const width = a.length;
    for (let n = Number(a); n <= Number(b); n++) out.push(String(n).padStart(width, '0'));
  }
  return out;
}

/** Reads the simulator's configuration; throws with every problem named. */
export function loadSimConfig(env: NodeJS.ProcessEnv = process.env): SimConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') input[key] = v;
  }
  const r = schema.safeParse(input);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new Error(`invalid simulator configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const c = r.data;
  const ariPort = c.SIM_ARI_PORT ?? portOf(c.ARI_URL) ?? 8088;
  return {
    host: c.SIM_HOST,
    ariPort,
    ariUser: c.ARI_USER,
    ariPassword: c.ARI_PASSWORD,
    amiPort: c.AMI_PORT,
    amiUsers: { [c.AMI_USER]: c.AMI_SECRET },
    agiTarget: c.SIM_AGI_TARGET ?? `127.0.0.1:${c.AGI_PORT}`,
    seed: c.SIM_SEED,
    dialplanDir: c.SIM_DIALPLAN_DIR,
    recordingsDir: c.SIM_RECORDINGS_DIR,
    phones: expandExtensions(c.SIM_PHONES),
    logLevel: c.LOG_LEVEL,
    systemName: c.SIM_SYSTEM_NAME,
  };
}

function portOf(url: string | undefined): number | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.port ? Number(u.port) : undefined;
  } catch {
    return undefined;
  }
}
