/**
 * A dialer campaign as data (DIAL-1, DIAL-2, DIAL-7): its mode, its agents,
 * the trunk and caller ID it dials with, its calling window, retry rules,
 * compliance settings and what agents see. Settings are a zod schema with
 * defaults so the store keeps them as one JSON document and older rows
 * read with the newest defaults.
 */
import { z } from 'zod';

/**
 * Pacing modes. `broadcast` (DIAL-6) plays a message to every answered
 * callee and needs no agent: it keeps `maxLines` calls going.
 */
export const DIAL_MODES = [
  'preview',
  'progressive',
  'fixed-ratio',
  'predictive',
  'broadcast',
] as const;
/** One pacing mode. */
export type DialMode = (typeof DIAL_MODES)[number];

/** Lifecycle of a campaign. */
export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'stopped'] as const;
/** One campaign status. */
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** What happens when AMD says an answering machine picked up. */
export const MACHINE_ACTIONS = ['hangup', 'message'] as const;
/** One machine action. */
export type MachineAction = (typeof MACHINE_ACTIONS)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM');
const seconds = z.number().int().min(0);

/** Calling hours in the callee's local time; holidays of the callee's country are skipped. */
export const callingWindowSchema = z.strictObject({
  /** First local time a call may start. */
  start: hhmm.default('08:00'),
  /** Local time from which no call starts. */
  end: hhmm.default('21:00'),
  /** ISO weekdays (1 Monday .. 7 Sunday) calls are allowed on. */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5, 6]),
  /** Skip the callee country's public holidays (date-holidays). */
  skipHolidays: z.boolean().default(true),
});

/** A calling window. */
export type CallingWindow = z.output<typeof callingWindowSchema>;

/** Delay before the next attempt per outcome; null means that outcome ends the number. */
export const retryRulesSchema = z.strictObject({
  busyS: seconds.nullable().default(300),
  noAnswerS: seconds.nullable().default(3600),
  /** Answering machine: by default the next day. */
  machineS: seconds.nullable().default(86_400),
  /** Answered but abandoned (no agent in time): the callee deserves a real call soon. */
  abandonedS: seconds.nullable().default(3600),
  /** Network congestion or a failure of ours. */
  failedS: seconds.nullable().default(600),
  /** Attempts per number before it is given up. */
  maxAttemptsPerNumber: z.number().int().min(1).max(50).default(3),
  /** Attempts per record (all numbers together). */
  maxAttempts: z.number().int().min(1).max(100).default(6),
});

/** Retry rules. */
export type RetryRules = z.output<typeof retryRulesSchema>;

const dtmfKey = z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #');

/**
 * A voice-broadcast campaign's message and keys (DIAL-6). The message is
 * played with ARI, so it is any ARI media URI: a recorded prompt
 * (`sound:…`, `recording:…`) or a TTS file rendered ahead into the sounds
 * directory. Machines hear it too when `machineAction` is `message`.
 */
export const broadcastSchema = z.strictObject({
  /** ARI media URIs played in turn to each answered callee. */
  message: z.array(z.string().min(3).max(255)).min(1).max(10).default(['sound:broadcast-message']),
  /** The key that hands the callee to `queueId` ("press 1 to speak to an agent"); null: none. */
  agentKey: dtmfKey.nullable().default('1'),
  /** ACD queue the agent key hands the callee into. */
  queueId: z.string().max(64).nullable().default(null),
  /** Keys kept as the callee's answer (written on the attempt); any other key is ignored. */
  answerKeys: z.array(dtmfKey).max(12).default(['2', '3', '4', '5', '6', '7', '8', '9']),
  /** Seconds the line stays open for a key after the message ended. */
  keyWaitS: z.number().int().min(0).max(60).default(5),
});

/** Broadcast settings. */
export type BroadcastSettings = z.output<typeof broadcastSchema>;

/** Everything about a campaign besides its identity and status. */
export const campaignSettingsSchema = z.strictObject({
  mode: z.enum(DIAL_MODES).default('progressive'),
  /** Lines per free agent in fixed-ratio mode. */
  dialRatio: z.number().min(1).max(10).default(2),
  /** Most calls of this campaign in progress at once (trunk capacity share). */
  maxLines: z.number().int().min(1).max(1000).default(30),
  /** Dial string with `{number}` for the E.164 digits without `+`, e.g. `PJSIP/{number}@trunk`. */
  trunk: z.string().min(3).max(255).default('PJSIP/{number}@trunk'),
  /** Caller IDs to present, used in turn (a pool); empty presents the trunk's default. */
  callerIds: z
    .array(z.string().regex(/^\+[1-9]\d{3,14}$/))
    .max(100)
    .default([]),
  /** ISO countries whose numbers the campaign dials; empty: the business line's country only. */
  countries: z
    .array(z.string().regex(/^[A-Z]{2}$/))
    .max(250)
    .default([]),
  window: callingWindowSchema.prefault({}),
  retry: retryRulesSchema.prefault({}),
  /** Seconds of ringing before a callee counts as no answer (>= 15, DIAL-3). */
  ringTimeoutS: z.number().int().min(15).max(120).default(25),
  /** Abandon-rate cap in percent (3.0 is the US and UK norm). */
  abandonTargetPct: z.number().min(0).max(100).default(3),
  amd: z.boolean().default(true),
  machineAction: z.enum(MACHINE_ACTIONS).default('hangup'),
  /** Sound played to a machine when `machineAction` is `message`. */
  machineMessage: z.string().max(255).default('sound:vm-goodbye'),
  /** Sound played to an answered callee no agent took within 2 s. */
  safeHarborMessage: z.string().max(255).default('sound:safe-harbor'),
  /** Agents see a masked number instead of the callee's. */
  maskNumbers: z.boolean().default(true),
  /** Text shown to the agent on the screen pop. */
  script: z.string().max(20_000).default(''),
  /** Codes an agent may set as the outcome of a conversation. */
  dispositions: z
    .array(z.string().trim().min(1).max(64))
    .max(100)
    .default(['sale', 'no-interest', 'callback', 'wrong-number', 'do-not-call']),
  /** After-call work of the campaign's calls. */
  wrapUpS: seconds.max(3600).default(10),
  /** The message and keys of a `broadcast` campaign. */
  broadcast: broadcastSchema.prefault({}),
});

/** Parsed campaign settings. */
export type CampaignSettings = z.output<typeof campaignSettingsSchema>;
/** Settings as typed in: any field may be left out. */
export type CampaignSettingsInput = z.input<typeof campaignSettingsSchema>;

/** A campaign. */
export interface Campaign {
  readonly id: string;
  readonly businessLineId: string;
  readonly name: string;
  readonly status: CampaignStatus;
  /** Agents assigned one by one. */
  readonly agentIds: readonly string[];
  /** Queues whose members also work the campaign (groups). */
  readonly queueIds: readonly string[];
  readonly settings: CampaignSettings;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Default settings. */
export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = campaignSettingsSchema.parse({});

/** The dial string for a number (E.164) on a campaign's trunk. */
export function dialString(settings: CampaignSettings, e164: string): string {
  return settings.trunk.replaceAll('{number}', e164.replace(/^\+/, ''));
}

/** A number as an agent may see it: the last two digits only when masking is on. */
export function maskNumber(e164: string, masked: boolean): string {
  if (!masked) return e164;
  return `${'*'.repeat(Math.max(0, e164.length - 2))}${e164.slice(-2)}`;
}
