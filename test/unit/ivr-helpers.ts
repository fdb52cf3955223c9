// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow documents write variables as ${name}
/**
 * Flows, schedules and contexts shared by the IVR unit tests. The demo flow
 * is a support line: firewall, office hours, language select, a three-level
 * menu with an order lookup, card collection, voicemail at night.
 */
import type { FirewallLists } from '../../src/domain/ivr/firewall.ts';
import type { PreparedFlow } from '../../src/domain/ivr/flow.prepared.ts';
import type { FlowDocument, NodeInput } from '../../src/domain/ivr/flow.schema.ts';
import type { RunContext } from '../../src/domain/ivr/flow.step.ts';
import { validateFlow } from '../../src/domain/ivr/flow.validate.ts';
import {
  type ScheduleInput,
  scheduleCalendar,
  scheduleSchema,
} from '../../src/domain/ivr/schedule.ts';

/** Validates a document and returns it prepared; fails loudly with every issue otherwise. */
export function prepare(doc: FlowDocument): PreparedFlow {
  const result = validateFlow(doc);
  if (!result.ok || !result.flow) {
    throw new Error(`flow invalid:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return result.flow;
}

/** Paris office hours: lunch and evening are half-rest, French public holidays, a summer closure. */
export const parisOffice: ScheduleInput = {
  id: 'office',
  timezone: 'Europe/Paris',
  week: {
    mon: weekday(),
    tue: weekday(),
    wed: weekday(),
    thu: weekday(),
    fri: weekday(),
    sat: [{ from: '09:00', to: '12:00' }],
  },
  publicHolidays: { country: 'FR' },
  holidays: [{ date: '2025-08-14', to: '2025-08-18', name: 'Summer closure' }],
  workingDays: [
    { date: '2025-06-14', name: 'Open Saturday' },
    { date: '2025-05-08', hours: [{ from: '10:00', to: '16:00' }], name: 'Victory Day, open' },
  ],
};

function weekday() {
  return [
    { from: '08:00', to: '12:00' },
    { from: '12:00', to: '13:30', period: 'half-rest' as const },
    { from: '13:30', to: '18:00' },
    { from: '18:00', to: '20:00', period: 'half-rest' as const },
  ];
}

/** Epoch ms of a UTC wall time. */
export const utc = (iso: string): number => Date.parse(`${iso}Z`);

/** Tuesday 10 June 2025, 10:00 in Paris. */
export const OPEN_HOURS = utc('2025-06-10T08:00:00');
/** Tuesday 10 June 2025, 23:00 in Paris. */
export const NIGHT = utc('2025-06-10T21:00:00');
/** Monday 14 July 2025 (Bastille Day), 10:00 in Paris. */
export const BASTILLE_DAY = utc('2025-07-14T08:00:00');
/** Tuesday 10 June 2025, 12:30 in Paris. */
export const LUNCH = utc('2025-06-10T10:30:00');

/** The business line's firewall lists. */
export const lists: FirewallLists = {
  businessLineId: 'bl-1',
  defaultCountry: 'FR',
  entries: [
    {
      id: 'blk-1',
      businessLineId: 'bl-1',
      list: 'block',
      match: 'number',
      value: '+33612345678',
      label: 'abuse',
    },
    {
      id: 'vip-1',
      businessLineId: 'bl-1',
      list: 'vip',
      match: 'number',
      value: '+33698765432',
      label: 'CEO',
    },
  ],
};

/** A run context for calls from `callerNumber`. */
export function ctx(
  callerNumber = '+33155555555',
  overrides: Partial<RunContext> = {},
): RunContext {
  return {
    callerNumber,
    dialedNumber: '+33144556677',
    timezone: 'Europe/Paris',
    schedules: { office: scheduleCalendar(scheduleSchema.parse(parisOffice)) },
    firewall: lists,
    ...overrides,
  };
}

const demoNodes: Record<string, NodeInput> = {
  fw: { type: 'firewall', onBlock: 'reject', rejectPrompt: 'blocked', next: 'hours' },
  hours: {
    type: 'schedule',
    scheduleId: 'office',
    periods: { open: 'lang', 'half-rest': 'lunch', rest: 'closed', holiday: 'holiday' },
  },
  lunch: { type: 'play', prompt: 'lunch-break', next: 'vm' },
  holiday: { type: 'play', prompt: 'holiday-closed', next: 'vm' },
  closed: { type: 'play', prompt: { en: 'closed', fr: 'fr/ferme' }, next: 'vm' },
  vm: {
    type: 'voicemail',
    mailboxId: 'support',
    greeting: 'leave-message',
    maxSeconds: 90,
    askCallback: true,
    callbackPrompt: 'enter-callback',
    next: 'bye',
  },
  bye: { type: 'hangup', prompt: 'goodbye', cause: 16 },
  lang: {
    type: 'language',
    prompt: 'choose-language',
    options: { '1': 'en', '2': 'fr' },
    next: 'main',
  },
  main: {
    type: 'menu',
    prompt: { en: 'main-menu', fr: 'fr/menu-principal' },
    options: { '1': 'orders', '2': 'billing', '0': 'support-queue' },
    invalidPrompt: { en: 'invalid', fr: 'fr/invalide' },
    timeoutPrompt: 'no-input',
    maxRetries: 2,
    onExhausted: 'support-queue',
  },
  orders: {
    type: 'menu',
    prompt: 'orders-menu',
    options: { '1': 'order-id', '9': 'main' },
    onExhausted: 'support-queue',
  },
  'order-id': {
    type: 'collect',
    prompt: 'enter-order',
    minLength: 6,
    maxLength: 8,
    validation: { kind: 'numeric' },
    into: 'orderId',
    maxRetries: 1,
    invalidPrompt: 'invalid-order',
    next: 'order-lookup',
    onInvalid: 'support-queue',
  },
  'order-lookup': {
    type: 'lookup',
    url: 'https://crm.example.com/orders/${orderId}?caller=${callerNumber}',
    headers: { 'X-Line': 'support' },
    timeoutMs: 2000,
    results: { orderStatus: '$.status', eta: '$.eta' },
    optional: ['eta'],
    next: 'order-status',
    onError: 'lookup-failed',
  },
  'order-status': {
    type: 'branch',
    conditions: [{ when: "${orderStatus} == 'shipped' and ${eta} != ''", next: 'say-eta' }],
    default: 'say-status',
  },
  'say-eta': {
    type: 'say',
    kind: 'tts',
    value: 'Order ${orderId} arrives on ${eta}.',
    next: 'order-more',
  },
  'say-status': {
    type: 'say',
    kind: 'tts',
    value: 'Order ${orderId} is ${orderStatus}.',
    next: 'order-more',
  },
  'order-more': {
    type: 'menu',
    prompt: 'order-more',
    options: { '1': 'support-queue', '2': 'bye' },
    onExhausted: 'bye',
  },
  'lookup-failed': { type: 'play', prompt: 'lookup-failed', next: 'support-queue' },
  billing: {
    type: 'menu',
    prompt: 'billing-menu',
    options: { '1': 'card', '2': 'accounts' },
    onExhausted: 'support-queue',
  },
  card: {
    type: 'collect',
    prompt: 'enter-card',
    minLength: 12,
    maxLength: 19,
    validation: { kind: 'luhn' },
    into: 'card',
    next: 'card-ok',
    onInvalid: 'support-queue',
  },
  'card-ok': { type: 'play', prompt: 'card-accepted', next: 'billing-queue' },
  accounts: { type: 'external', number: '+33144556677' },
  'billing-queue': { type: 'queue', queueId: 'billing', priority: 3, skills: ['billing'] },
  'support-queue': { type: 'queue', queueId: 'support', priority: 5, skills: ['orders'] },
};

/** The demo flow document (a fresh copy each call, safe to edit in a test). */
export function demoFlow(): FlowDocument {
  return structuredClone({
    schemaVersion: 1,
    id: 'support-line',
    name: 'Support line',
    language: 'en',
    languages: ['en', 'fr'],
    ttsEngine: 'flite',
    start: 'fw',
    nodes: demoNodes,
  });
}

/** A chain of `levels` menus, each `1` -> the next, the last `1` -> a queue. */
export function menuChain(levels: number): FlowDocument {
  const nodes: Record<string, NodeInput> = { q: { type: 'queue', queueId: 'support' } };
  for (let i = 1; i <= levels; i += 1) {
    nodes[`m${i}`] = {
      type: 'menu',
      prompt: `level-${i}`,
      options: { '1': i === levels ? 'q' : `m${i + 1}`, '*': i === 1 ? 'q' : 'm1' },
      onExhausted: 'q',
    };
  }
  return { schemaVersion: 1, id: `chain-${levels}`, name: 'Chain', start: 'm1', nodes };
}
