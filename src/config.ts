/**
 * Every environment variable callwright reads, parsed once with zod and frozen.
 * `process.env` is read here and nowhere else (see STYLE.md, habit 8).
 */
import { z } from 'zod';
import { parseAsteriskNodes } from './asterisk/nodes/node-config.ts';

/** A TCP port; 0 asks the system for any free port (handy for tests). */
const port = (fallback: number) =>
  z.coerce
    .number({ error: 'a TCP port number (0-65535)' })
    .int('a whole TCP port number (0-65535)')
    .min(0, 'a TCP port number (0-65535)')
    .max(65535, 'a TCP port number (0-65535)')
    .default(fallback);

const url = (what: string) => z.url({ error: `${what}` });

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(
      /^(sqlite:.+|mysql:\/\/.+|mariadb:\/\/.+)$/,
      'sqlite:<path>, sqlite::memory:, or mysql://user:pass@host:port/db',
    )
    .default('sqlite:./data/callwright.sqlite'),
  PBX: z.enum(['sim', 'asterisk'], { error: '"sim" or "asterisk"' }).default('sim'),
  ARI_URL: url('an http(s) URL such as http://127.0.0.1:8088').default('http://127.0.0.1:8088'),
  ARI_USER: z.string().min(1, 'a non-empty ARI user name').default('callwright'),
  ARI_PASSWORD: z.string().min(1, 'a non-empty ARI password').default('callwright'),
  ARI_APP: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'a Stasis application name (letters, digits, _ and -)')
    .default('callwright'),
  AMI_HOST: z.string().min(1, 'a host name or IP address').default('127.0.0.1'),
  AMI_PORT: port(5038),
  AMI_USER: z.string().min(1, 'a non-empty AMI user name').default('callwright'),
  AMI_SECRET: z.string().min(1, 'a non-empty AMI secret').default('callwright'),
  ASTERISK_NODES: z
    .string()
    .superRefine((text, ctx) => {
      const sample = { ariUser: 'u', ariPassword: 'p', amiUser: 'u', amiSecret: 's' };
      for (const problem of parseAsteriskNodes(text, sample).problems) {
        ctx.addIssue({
          code: 'custom',
          message: `nodes "<id>=<ARI URL>,<AMI URL>[,max=N]" separated by ";" (${problem})`,
        });
      }
    })
    .optional(),
  AGI_PORT: port(4573),
  HTTP_PORT: port(4000),
  HTTP_HOST: z.string().min(1, 'an interface address to listen on').default('0.0.0.0'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'a redis:// or rediss:// URL')
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  ADMIN_API_KEY: z
    .string()
    .min(32, 'at least 32 characters (an API key for the first admin)')
    .optional(),
  SEED_DEMO: z
    .enum(['auto', 'never'], { error: '"auto" (seed an empty database) or "never"' })
    .default('auto'),
  DEMO_TRAFFIC: z
    .enum(['auto', 'off', 'low', 'busy'], { error: '"auto", "off", "low" or "busy"' })
    .default('auto'),
  RECORD_OUTBOX_PATH: z
    .string()
    .min(1, 'a file path for the call-record outbox')
    .default('./data/records.outbox.jsonl'),
  RECORD_WRITER_LANES: z.coerce
    .number({ error: 'a whole number of call-record writer lanes, 1 to 8' })
    .int('a whole number of call-record writer lanes, 1 to 8')
    .min(1, 'a whole number of call-record writer lanes, 1 to 8')
    .max(8, 'a whole number of call-record writer lanes, 1 to 8')
    .default(4),
  RECORDINGS_DIR: z
    .string()
    .min(1, "a directory (Asterisk's recording spool)")
    .default('./data/recordings'),
  PBX_TIMEZONE: z
    .string()
    .refine(
      (zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC',
      'an IANA time zone such as UTC or Europe/Paris',
    )
    .default('UTC'),
  RECORD_ARCHIVE_DIR: z.string().min(1, 'a directory for archived call records').optional(),
  URL_SIGNING_SECRET: z
    .string()
    .min(32, 'at least 32 characters (the key that signs playback and download links)')
    .optional(),
  HA_LEASE: z
    .enum(['off', 'redis', 'database'], {
      error:
        '"off" (one instance), "redis" or "database" (active/standby, lease in Redis or MySQL)',
    })
    .default('off'),
  HA_LEASE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a lease name (letters, digits, _ . -)')
    .default('callwright'),
  HA_LEASE_TTL_MS: z.coerce
    .number({ error: 'milliseconds (1000-60000)' })
    .int('whole milliseconds (1000-60000)')
    .min(1000, 'milliseconds (1000-60000)')
    .max(60_000, 'milliseconds (1000-60000)')
    .default(2000),
  PBX_TRUNKS: z
    .string()
    .regex(/^[^,\s]+(,[^,\s]+)*$/, 'trunk endpoint names separated by commas')
    .default('trunk'),
});

/** The parsed, frozen configuration. */
export type Config = Readonly<z.infer<typeof schema>>;

/** Thrown when one or more variables are invalid; the message names each one. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment. Empty strings count as unset so that `FOO=` in an
 * env file falls back to the default instead of failing.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return `${name}=${JSON.stringify(input[name] ?? '')}: expected ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  if (result.data.HA_LEASE === 'redis' && result.data.REDIS_URL === undefined) {
    throw new ConfigError([
      'HA_LEASE="redis": expected REDIS_URL to be set (the lease lives there)',
    ]);
  }
  if (result.data.HA_LEASE === 'database' && result.data.DATABASE_URL.startsWith('sqlite:')) {
    throw new ConfigError([
      'HA_LEASE="database": expected a MySQL/MariaDB DATABASE_URL (the lease lives there; SQLite is one host)',
    ]);
  }
  return Object.freeze(result.data);
}

/** Names and one-line descriptions, kept beside the schema for the README table test. */
export const CONFIG_VARIABLES = Object.freeze(Object.keys(schema.shape));
