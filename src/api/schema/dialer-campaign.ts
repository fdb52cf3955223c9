/**
 * Outbound dialer campaigns (DIAL-1, DIAL-2, DIAL-7, DIAL-8): CRUD, start /
 * pause / stop, lists, and live figures. Settings travel as one JSON
 * document validated against the campaign settings schema (every field
 * optional, defaults filled in). Roles: admin, supervisor (own business
 * lines) change; QA also reads.
 */
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { CampaignLive } from '../../app/dialer/engine.ts';
import type { CallList, StatusCounts } from '../../app/dialer/ports.ts';
import { ratePct } from '../../domain/dialer/abandon-budget.ts';
import type { Campaign } from '../../domain/dialer/campaign.ts';
import { invalidField } from '../../domain/shared/errors.ts';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { RESULT } from './problem.ts';

/** The raw id of a global id of `typename`; VALIDATION_FAILED for another type. */
export function idOf(globalId: string, typename: string, field = 'id'): string {
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === typename) return decoded.id;
  } catch {
    // Reported below.
  }
  throw invalidField(field, `not a ${typename} id`);
}

/**
 * `settings.broadcast.queueId` travels as a Queue global ID like every id of
 * the API; the store keeps the raw id (a raw id given in is kept as it is).
 */
function settingsIn(settings: unknown): never {
  const broadcast = (settings as { broadcast?: { queueId?: unknown } } | null)?.broadcast;
  const queueId = broadcast?.queueId;
  if (typeof queueId !== 'string') return settings as never;
  let raw = queueId;
  try {
    const decoded = decodeGlobalID(queueId);
    if (decoded.typename === 'Queue') raw = decoded.id;
  } catch {
    // Not a global id: taken as a raw queue id.
  }
  return { ...(settings as object), broadcast: { ...broadcast, queueId: raw } } as never;
}

function settingsOut(c: Campaign) {
  const { queueId } = c.settings.broadcast;
  if (queueId === null) return c.settings;
  return {
    ...c.settings,
    broadcast: { ...c.settings.broadcast, queueId: encodeGlobalID('Queue', queueId) },
  };
}

const COUNTS = [
  'pending',
  'scheduled',
  'in-progress',
  'reserved',
  'follow-up',
  'completed',
  'exhausted',
  'dnc',
  'invalid',
] as const;

/** Record counts by status. */
export const RecordCountsRef = builder.objectRef<StatusCounts>('DialerRecordCounts').implement({
  description: 'Records of a campaign or list by status (DIAL-8 list progress).',
  fields: (t) => ({
    ...Object.fromEntries(
      COUNTS.map((s) => [
        s.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()),
        t.int({ description: `Records ${s}.`, resolve: (c) => c[s] ?? 0 }),
      ]),
    ),
    total: t.int({
      description: 'Every record.',
      resolve: (c) => Object.values(c).reduce((a, b) => a + (b ?? 0), 0),
    }),
  }),
});

/** A list of a campaign. */
export const CallListRef = builder.objectRef<CallList>('CallList').implement({
  description: 'A calling list of a campaign, filled by CSV imports.',
  fields: (t) => ({
    id: t.id({ description: 'Global ID.', resolve: (l) => encodeGlobalID('CallList', l.id) }),
    name: t.exposeString('name', { description: 'Name.' }),
    createdAt: t.field({ type: 'DateTime', description: 'Created.', resolve: (l) => l.createdAt }),
    counts: t.field({
      type: RecordCountsRef,
      description: 'Its records by status.',
      resolve: (l, _a, ctx) => ctx.services.dialer.recordCounts(actorOf(ctx), l.campaignId, l.id),
    }),
  }),
});

const AbandonRef = builder.simpleObject('DialerAbandonRate', {
  description: 'Answered calls and those abandoned (no agent within 2 s) over a period.',
  fields: (t) => ({
    answered: t.int({ description: 'Calls answered by a human.' }),
    abandoned: t.int({ description: 'Of those, not connected to an agent within 2 s.' }),
    ratePct: t.float({ description: 'abandoned / answered in percent.' }),
  }),
});

const LiveAgentRef = builder.simpleObject('DialerAgentState', {
  description: 'An agent of the campaign and its ACD status.',
  fields: (t) => ({
    agentId: t.id({ description: 'Global ID of the agent.' }),
    status: t.string({
      description:
        'ACD status: available, reserved, ringing, on-call, wrap-up, paused, logged-out.',
    }),
  }),
});

const LiveRef = builder.objectRef<CampaignLive>('DialerCampaignLive').implement({
  description: 'Live figures of a campaign.',
  fields: (t) => ({
    running: t.exposeBoolean('running', { description: 'The engine is dialing for it.' }),
    linesInUse: t.exposeInt('linesInUse', { description: 'Calls in progress.' }),
    ringing: t.exposeInt('ringing', { description: 'Calls not answered yet.' }),
    connected: t.exposeInt('connected', { description: 'Calls talking to an agent.' }),
    humanAnswerRate: t.exposeFloat('humanAnswerRate', {
      description: 'Measured share of dials answered by a human (0..1).',
    }),
    abandonToday: t.field({
      type: AbandonRef,
      description: "Today's abandon rate (business line's day).",
      resolve: (l) => ({ ...l.window.today, ratePct: ratePct(l.window.today) }),
    }),
    abandon30Days: t.field({
      type: AbandonRef,
      description: 'Abandon rate over the rolling 30 days.',
      resolve: (l) => ({ ...l.window.last30Days, ratePct: ratePct(l.window.last30Days) }),
    }),
    agents: t.field({
      type: [LiveAgentRef],
      description: 'Agents of the campaign with their status.',
      resolve: (l) =>
        l.agents.map((a) => ({ agentId: encodeGlobalID('Agent', a.agentId), status: a.status })),
    }),
    pacingMode: t.string({
      nullable: true,
      description: 'Mode of the last pacing decision (predictive may fall back to progressive).',
      resolve: (l) => l.pacing?.mode ?? null,
    }),
    pacingReason: t.string({
      nullable: true,
      description: 'Why: predictive, progressive, learning, small-team, over-budget, lines-full...',
      resolve: (l) => l.pacing?.reason ?? null,
    }),
  }),
});

/** The Campaign type. */
export const CampaignRef = builder.objectRef<Campaign>('Campaign').implement({
  description: 'An outbound dialer campaign.',
  fields: (t) => ({
    id: t.id({ description: 'Global ID.', resolve: (c) => encodeGlobalID('Campaign', c.id) }),
    name: t.exposeString('name', { description: 'Name, unique within its business line.' }),
    businessLineId: t.id({
      description: 'Global ID of the owning business line.',
      resolve: (c) => encodeGlobalID('BusinessLine', c.businessLineId),
    }),
    status: t.exposeString('status', { description: 'draft, running, paused or stopped.' }),
    mode: t.string({
      description: 'preview, progressive, fixed-ratio, predictive or broadcast.',
      resolve: (c) => c.settings.mode,
    }),
    agentIds: t.idList({
      description: 'Agents assigned one by one.',
      resolve: (c) => c.agentIds.map((id) => encodeGlobalID('Agent', id)),
    }),
    queueIds: t.idList({
      description: 'Queues whose members also work the campaign.',
      resolve: (c) => c.queueIds.map((id) => encodeGlobalID('Queue', id)),
    }),
    settings: t.field({
      type: 'JSON',
      description:
        'Every setting: mode, dialRatio, maxLines, trunk, callerIds, countries, window {start,end,weekdays,skipHolidays}, retry {busyS,noAnswerS,machineS,abandonedS,failedS,maxAttemptsPerNumber,maxAttempts}, ringTimeoutS, abandonTargetPct, amd, machineAction, machineMessage, safeHarborMessage, maskNumbers, script, dispositions, wrapUpS, broadcast {message (ARI media URIs), agentKey, queueId (Global ID of the queue the agent key hands to), answerKeys, keyWaitS}.',
      resolve: settingsOut,
    }),
    lists: t.field({
      type: [CallListRef],
      description: 'Its calling lists.',
      resolve: (c, _a, ctx) => ctx.services.dialer.lists(actorOf(ctx), c.id),
    }),
    counts: t.field({
      type: RecordCountsRef,
      description: 'Its records by status (list progress).',
      resolve: (c, _a, ctx) => ctx.services.dialer.recordCounts(actorOf(ctx), c.id),
    }),
    outcomesToday: t.field({
      type: 'JSON',
      description:
        'Attempts of the last 24 hours by outcome (connected, machine, busy, no-answer...).',
      resolve: (c, _a, ctx) =>
        ctx.services.dialer.outcomes(actorOf(ctx), c.id, Date.now() - 86_400_000),
    }),
    live: t.field({
      type: LiveRef,
      description:
        'Live figures: lines in use, answer rate, abandon rate today and over 30 days, agents.',
      resolve: (c, _a, ctx) => ctx.services.dialer.live(actorOf(ctx), c.id),
    }),
    createdAt: t.field({ type: 'DateTime', description: 'Created.', resolve: (c) => c.createdAt }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change.',
      resolve: (c) => c.updatedAt,
    }),
  }),
});

const name = z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters');

const CampaignInput = builder.inputType('CampaignInput', {
  description: 'A new campaign. It starts as a draft.',
  fields: (t) => ({
    businessLineId: t.id({ required: true, description: 'Global ID of the business line.' }),
    name: t.string({ required: true, description: 'Name, unique within the business line.' }),
    agentIds: t.idList({ description: 'Global IDs of agents of the business line.' }),
    queueIds: t.idList({ description: 'Global IDs of queues whose members work the campaign.' }),
    settings: t.field({
      type: 'JSON',
      description: 'Settings (see Campaign.settings); omitted fields take defaults.',
    }),
  }),
  validate: z.looseObject({ name }),
});

const CampaignPatch = builder.inputType('CampaignPatch', {
  description:
    'Changes to a campaign; omitted fields stay. Settings are merged into the current ones.',
  fields: (t) => ({
    name: t.string({ description: 'New name.' }),
    agentIds: t.idList({ description: 'The new set of agents.' }),
    queueIds: t.idList({ description: 'The new set of queues.' }),
    settings: t.field({ type: 'JSON', description: 'Settings to change.' }),
  }),
  validate: z.looseObject({ name: name.nullish() }),
});

const ids = (list: readonly (string | number)[] | null | undefined, type: string, field: string) =>
  list?.map((id) => idOf(String(id), type, field));

builder.queryFields((t) => ({
  dialerCampaigns: t.field({
    type: [CampaignRef],
    description: "Campaigns of the caller's business lines, by name. Roles: admin, supervisor, qa.",
    authScopes: { permission: 'config:read' },
    args: {
      first: t.arg.int({ description: 'At most this many (default 100, at most 200).' }),
      offset: t.arg.int({ description: 'Skip this many.' }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.list(actorOf(ctx), {
        offset: Math.max(0, a.offset ?? 0),
        limit: Math.min(200, Math.max(0, a.first ?? 100)),
      }),
  }),
  dialerCampaign: t.field({
    type: CampaignRef,
    description: 'One campaign. Roles: admin, supervisor, qa.',
    authScopes: { permission: 'config:read' },
    args: { id: t.arg.id({ required: true, description: 'Global ID of the campaign.' }) },
    resolve: (_r, a, ctx) => ctx.services.dialer.get(actorOf(ctx), idOf(String(a.id), 'Campaign')),
  }),
}));

builder.mutationFields((t) => ({
  createCampaign: t.field({
    type: CampaignRef,
    description: 'Creates a campaign (draft). Roles: admin, supervisor (own business lines).',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { input: t.arg({ type: CampaignInput, required: true, description: 'The campaign.' }) },
    resolve: (_r, { input }, ctx) =>
      ctx.services.dialer.create(actorOf(ctx), {
        businessLineId: idOf(String(input.businessLineId), 'BusinessLine', 'businessLineId'),
        name: input.name,
        agentIds: ids(input.agentIds, 'Agent', 'agentIds') ?? [],
        queueIds: ids(input.queueIds, 'Queue', 'queueIds') ?? [],
        settings: settingsIn(input.settings ?? {}),
      }),
  }),
  updateCampaign: t.field({
    type: CampaignRef,
    description:
      'Changes a campaign (a running one picks the change up). Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      id: t.arg({ type: 'ID', required: true, description: 'Global ID of the campaign.' }),
      input: t.arg({ type: CampaignPatch, required: true, description: 'The changes.' }),
    },
    resolve: (_r, { id, input }, ctx) =>
      ctx.services.dialer.update(actorOf(ctx), idOf(String(id), 'Campaign'), {
        ...(input.name ? { name: input.name } : {}),
        ...(input.agentIds ? { agentIds: ids(input.agentIds, 'Agent', 'agentIds') } : {}),
        ...(input.queueIds ? { queueIds: ids(input.queueIds, 'Queue', 'queueIds') } : {}),
        ...(input.settings ? { settings: settingsIn(input.settings) } : {}),
      }),
  }),
  deleteCampaign: t.field({
    type: 'ID',
    description:
      'Deletes a campaign that is not running, with its lists. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: { id: t.arg({ type: 'ID', required: true, description: 'Global ID of the campaign.' }) },
    resolve: async (_r, { id }, ctx) => {
      await ctx.services.dialer.delete(actorOf(ctx), idOf(String(id), 'Campaign'));
      return String(id);
    },
  }),
  ...Object.fromEntries(
    (
      [
        [
          'startCampaign',
          'start',
          'Starts dialing. Refused (CONFLICT, details.reason) without agents (NO_AGENTS), without a trunk (NO_TRUNK) or outside the calling window (OUTSIDE_WINDOW).',
        ],
        [
          'pauseCampaign',
          'pause',
          'Stops starting calls; calls in progress finish. Start resumes it.',
        ],
        ['stopCampaign', 'stop', 'Ends the campaign run; calls in progress finish.'],
      ] as const
    ).map(([field, op, help]) => [
      field,
      t.field({
        type: CampaignRef,
        description: `${help} Roles: admin, supervisor.`,
        authScopes: { permission: 'config:write' },
        errors: RESULT,
        args: {
          id: t.arg({ type: 'ID', required: true, description: 'Global ID of the campaign.' }),
        },
        resolve: (_r, { id }, ctx) =>
          ctx.services.dialer[op](actorOf(ctx), idOf(String(id), 'Campaign')),
      }),
    ]),
  ),
  createCallList: t.field({
    type: CallListRef,
    description: 'Adds an empty calling list to a campaign. Roles: admin, supervisor.',
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      campaignId: t.arg({ type: 'ID', required: true, description: 'Global ID of the campaign.' }),
      name: t.arg.string({ required: true, description: 'Name of the list.' }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.dialer.createList(
        actorOf(ctx),
        idOf(String(a.campaignId), 'Campaign', 'campaignId'),
        a.name,
      ),
  }),
}));
