/**
 * The demo IVR (IVR-1..4) loaded with the demo data: a caller who dials
 * 8100 (an IVR number in the shipped dialplan) meets Acme Retail's flow:
 * the call firewall, the opening hours (every day, French public holidays
 * closed), a menu (1 Sales, 2 Billing) and, when closed, a voicemail box.
 * Prompts named `custom/acme-*` are the customer's own recordings; on a
 * real Asterisk, record them (or change the flow); the simulator plays
 * any name.
 */
import type { IvrDemo } from '../src/app/ivr/seed-ivr-demo.ts';

const allDay = [{ from: '00:00', to: '24:00' }];

/** The demo IVR. */
export const demoIvr: IvrDemo = {
  businessLine: 'Acme Retail',
  did: '8100',
  schedule: {
    id: 'acme-hours',
    name: 'Acme opening hours',
    timezone: 'Europe/Paris',
    week: {
      mon: allDay,
      tue: allDay,
      wed: allDay,
      thu: allDay,
      fri: allDay,
      sat: allDay,
      sun: allDay,
    },
    publicHolidays: { country: 'FR' },
    holidays: [{ date: '12-24', name: 'Christmas Eve' }],
  },
  mailbox: { key: 'acme-messages', name: 'Acme messages', queue: 'Sales' },
  firewall: [
    { list: 'block', match: 'prefix', value: '+33899', label: 'Premium-rate robocalls' },
    { list: 'vip', match: 'number', value: '+33612000001', label: 'Key account: Dupont SA' },
  ],
  flow: {
    schemaVersion: 1,
    id: 'acme-main',
    name: 'Acme Retail main line',
    language: 'en',
    start: 'firewall',
    nodes: {
      firewall: {
        type: 'firewall',
        onBlock: 'reject',
        rejectPrompt: 'custom/acme-rejected',
        next: 'hours',
      },
      hours: {
        type: 'schedule',
        scheduleId: 'acme-hours',
        periods: { open: 'welcome', 'half-rest': 'welcome', rest: 'closed', holiday: 'closed' },
      },
      welcome: { type: 'play', prompt: 'custom/acme-welcome', next: 'main' },
      main: {
        type: 'menu',
        prompt: 'custom/acme-main-menu',
        options: { '1': 'sales', '2': 'billing' },
        invalidPrompt: 'pbx-invalid',
        timeoutPrompt: 'please-try-again',
        maxRetries: 2,
        onExhausted: 'sales',
      },
      sales: { type: 'queue', queueId: 'Sales' },
      billing: { type: 'queue', queueId: 'Billing', skills: ['billing'] },
      closed: { type: 'play', prompt: 'custom/acme-closed', next: 'voicemail' },
      voicemail: {
        type: 'voicemail',
        mailboxId: 'acme-messages',
        greeting: 'vm-intro',
        maxSeconds: 120,
        askCallback: true,
        callbackPrompt: 'custom/acme-enter-callback',
        next: 'goodbye',
      },
      goodbye: { type: 'hangup', prompt: 'vm-goodbye' },
    },
  },
};
