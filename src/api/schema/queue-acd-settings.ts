/**
 * A queue's ACD settings (ACD-1..7) as the Queue type shows them: skills
 * relaxation, overflow targets, announcements, auto-pause, sticky agent,
 * VIP hold. What `createQueue` / `updateQueue` take is in
 * `queue-acd-settings-input.ts`.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type {
  AcdQueueSettings,
  OverflowTarget,
  RelaxationRule,
} from '../../domain/acd/acd.types.ts';
import { builder } from '../builder.ts';

/** Overflow target kinds, as the domain names them. */
export const KINDS = ['queue', 'external', 'voicemail', 'callback', 'hangup'] as const;

/** One overflow target kind. */
export type Kind = (typeof KINDS)[number];

const KIND_HELP: Record<Kind, string> = {
  queue:
    'Into another queue of the same business line; the caller keeps its place (first entry time and priority).',
  external:
    'Ring a number through the outbound trunk (mobile follow-me) and bridge the caller with it.',
  voicemail: 'Hand the caller to an IVR flow that takes a message (voicemail).',
  callback: "Book a callback to the caller's number and hang up.",
  hangup: 'Hang up with a Q.850 cause.',
};

/** The OverflowKind enum. */
export const OverflowKindEnum = builder.enumType('OverflowKind', {
  description: 'Where a call goes when its queue cannot serve it (ACD-5).',
  values: Object.fromEntries(
    KINDS.map((k) => [k.toUpperCase(), { value: k, description: KIND_HELP[k] }]),
  ) as Record<string, { value: Kind; description: string }>,
});

const OverflowTargetRef = builder.objectRef<OverflowTarget>('OverflowTarget').implement({
  description: 'An overflow destination; the fields of its kind are set, the others null.',
  fields: (t) => ({
    kind: t.field({
      type: OverflowKindEnum,
      description: 'What kind of destination.',
      resolve: (o) => o.kind,
    }),
    queueId: t.id({
      nullable: true,
      description: 'QUEUE: the global ID of the queue the call moves to.',
      resolve: (o) => (o.kind === 'queue' ? encodeGlobalID('Queue', o.queueId) : null),
    }),
    number: t.string({
      nullable: true,
      description: 'EXTERNAL: the number rung, in E.164.',
      resolve: (o) => (o.kind === 'external' ? o.number : null),
    }),
    ringTimeoutS: t.int({
      nullable: true,
      description: 'EXTERNAL: seconds the number rings before the caller is let go.',
      resolve: (o) => (o.kind === 'external' ? o.ringTimeoutS : null),
    }),
    ivrFlow: t.string({
      nullable: true,
      description: 'VOICEMAIL: key of the IVR flow that takes the message.',
      resolve: (o) => (o.kind === 'voicemail' ? o.flowId : null),
    }),
    cause: t.int({
      nullable: true,
      description: 'HANGUP: the Q.850 cause (17 busy, 19 no answer, 34 congestion).',
      resolve: (o) => (o.kind === 'hangup' ? o.cause : null),
    }),
  }),
});

const RelaxationRef = builder.objectRef<RelaxationRule>('SkillRelaxation').implement({
  description:
    'From `afterS` seconds of waiting, required skill levels move by `minLevelDelta` and are capped at `maxRequiredLevel` ("after 60 s accept level >= 2").',
  fields: (t) => ({
    afterS: t.exposeInt('afterS', {
      description: 'Seconds of waiting (since the call first entered a queue).',
    }),
    minLevelDelta: t.exposeInt('minLevelDelta', {
      description: 'Change of every required level, 0 or less.',
    }),
    maxRequiredLevel: t.exposeInt('maxRequiredLevel', {
      nullable: true,
      description: 'Highest level still required; null for no cap.',
    }),
  }),
});

type Overflow = AcdQueueSettings['overflow'];
const OverflowRef = builder.objectRef<Overflow>('QueueOverflow').implement({
  description: 'Where callers go when the queue cannot serve them.',
  fields: (t) => ({
    onMaxWait: t.field({
      type: OverflowTargetRef,
      description: "After the queue's maxWaitS.",
      resolve: (o) => o.onMaxWait,
    }),
    onMaxLength: t.field({
      type: OverflowTargetRef,
      description: 'When maxLength callers already wait.',
      resolve: (o) => o.onMaxLength,
    }),
    onNoAgents: t.field({
      type: OverflowTargetRef,
      nullable: true,
      description: 'When no member is logged in; null keeps callers waiting.',
      resolve: (o) => o.onNoAgents,
    }),
    maxHops: t.exposeInt('maxHops', {
      description: 'Queue-to-queue overflows one call may take before it is hung up (loop guard).',
    }),
  }),
});

type Announcements = AcdQueueSettings['announcements'];
const AnnouncementsRef = builder.objectRef<Announcements>('QueueAnnouncements').implement({
  description: 'Position and expected-wait announcements to waiting callers (ACD-6).',
  fields: (t) => ({
    firstAfterS: t.exposeInt('firstAfterS', {
      description: 'First announcement after entry; 0 disables them.',
    }),
    everyS: t.exposeInt('everyS', { description: 'Then every N seconds; 0 announces once.' }),
    position: t.exposeBoolean('position', { description: "Say the caller's position." }),
    expectedWait: t.exposeBoolean('expectedWait', {
      description: 'Say the expected wait (once the queue has handle times to go by).',
    }),
  }),
});

type Sticky = AcdQueueSettings['sticky'];
const StickyRef = builder.objectRef<Sticky>('StickyAgentSettings').implement({
  description: 'Returning callers go to the agent who served them last (ACD-3).',
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled', { description: 'Whether the sticky agent is used.' }),
    holdS: t.exposeInt('holdS', {
      description:
        'Seconds the caller is held for that agent while the agent is busy, then anyone.',
    }),
    memoryS: t.exposeInt('memoryS', { description: 'How far back "served last" looks.' }),
  }),
});

type WrapUp = AcdQueueSettings['wrapUp'];
const WrapUpSettingsRef = builder.objectRef<WrapUp>('QueueWrapUpSettings').implement({
  description: 'Disposition codes the agents of the queue give calls at wrap-up (AGT-6).',
  fields: (t) => ({
    dispositions: t.exposeStringList('dispositions', {
      description: 'Codes to choose from; empty allows any code.',
    }),
    dispositionRequired: t.exposeBoolean('dispositionRequired', {
      description: 'setCallWrapUp refuses a wrap-up without a code.',
    }),
  }),
});

/** The settings object of a queue. */
export const QueueAcdSettingsRef = builder
  .objectRef<AcdQueueSettings>('QueueAcdSettings')
  .implement({
    description: 'How the ACD routes the calls of a queue, beyond the strategy and timeouts.',
    fields: (t) => ({
      weight: t.exposeInt('weight', {
        description:
          "Across queues, a heavier queue's calls go first within a priority class (0..100).",
      }),
      relaxation: t.field({
        type: [RelaxationRef],
        description: 'Skills relaxation steps over waiting time, in time order.',
        resolve: (s) => s.relaxation,
      }),
      overflow: t.field({
        type: OverflowRef,
        description: 'Overflow targets.',
        resolve: (s) => s.overflow,
      }),
      announcements: t.field({
        type: AnnouncementsRef,
        description: 'Announcements to waiting callers.',
        resolve: (s) => s.announcements,
      }),
      autoPauseAfterMisses: t.exposeInt('autoPauseAfterMisses', {
        description:
          'Offers an agent may miss in a row before being paused (reason `missed-offers`); 0 never.',
      }),
      reofferAfterS: t.exposeInt('reofferAfterS', {
        description: 'An agent who missed a call is not offered the same call again for this long.',
      }),
      sticky: t.field({ type: StickyRef, description: 'Sticky agent.', resolve: (s) => s.sticky }),
      vipHoldS: t.int({
        description:
          'Seconds a VIP call waits for its dedicated agents before any agent may take it (ACD-4).',
        resolve: (s) => s.vip.dedicatedHoldS,
      }),
      wrapUp: t.field({
        type: WrapUpSettingsRef,
        description: 'Disposition codes at wrap-up.',
        resolve: (s) => s.wrapUp,
      }),
    }),
  });
