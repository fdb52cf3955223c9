/**
 * Demo data loaded into an empty database on first start (SEED_DEMO=auto),
 * so a newcomer sees a working call center: two business lines, three
 * queues, eight agents with skills, a few contacts and demo logins.
 */
import type { DemoData } from '../src/app/seed-demo.ts';

/** The demo data set. */
export const demoData: DemoData = {
  password: 'callwright-demo',
  skills: [
    { name: 'english', description: 'Speaks English' },
    { name: 'french', description: 'Speaks French' },
    { name: 'billing', description: 'Invoices, payments, refunds' },
    { name: 'technical', description: 'Product troubleshooting' },
  ],
  businessLines: [
    {
      name: 'Acme Retail',
      timezone: 'Europe/Paris',
      defaultCountry: 'FR',
      queues: [
        { name: 'Sales', strategy: 'longest-idle', requiredSkills: [] },
        {
          name: 'Billing',
          strategy: 'skills-based',
          requiredSkills: [
            { skill: 'billing', minLevel: 3 },
            { skill: 'french', minLevel: 2 },
          ],
        },
      ],
      agents: [
        {
          name: 'Camille Martin',
          extension: '1001',
          skills: [
            { skill: 'french', level: 9 },
            { skill: 'billing', level: 7 },
          ],
          queues: ['Sales', 'Billing'],
        },
        {
          name: 'Lucas Bernard',
          extension: '1002',
          skills: [
            { skill: 'french', level: 8 },
            { skill: 'english', level: 5 },
          ],
          queues: ['Sales'],
        },
        {
          name: 'Léa Dubois',
          extension: '1003',
          skills: [
            { skill: 'french', level: 7 },
            { skill: 'billing', level: 4 },
          ],
          queues: ['Billing'],
        },
        {
          name: 'Hugo Petit',
          extension: '1004',
          skills: [{ skill: 'french', level: 6 }],
          queues: ['Sales'],
        },
        {
          name: 'Chloé Moreau',
          extension: '1005',
          skills: [
            { skill: 'french', level: 9 },
            { skill: 'billing', level: 9 },
          ],
          queues: ['Sales', 'Billing'],
        },
      ],
      contacts: [
        { name: 'Jean Dupont', company: 'Boulangerie Dupont', phones: ['01 42 86 82 00'] },
        { name: 'Marie Laurent', company: null, phones: ['06 12 34 56 78', '+33 4 72 00 00 00'] },
        { name: 'Pierre Lefèvre', company: 'Lefèvre SARL', phones: ['05 56 00 00 01'] },
      ],
      users: [
        { username: 'sophie', displayName: 'Sophie Roux', role: 'supervisor' },
        {
          username: 'camille',
          displayName: 'Camille Martin',
          role: 'agent',
          agentExtension: '1001',
        },
      ],
    },
    {
      name: 'Globex Support',
      timezone: 'America/New_York',
      defaultCountry: 'US',
      queues: [
        {
          name: 'Helpdesk',
          strategy: 'round-robin',
          requiredSkills: [{ skill: 'technical', minLevel: 1 }],
        },
      ],
      agents: [
        {
          name: 'Alex Johnson',
          extension: '1006',
          skills: [
            { skill: 'english', level: 9 },
            { skill: 'technical', level: 8 },
          ],
          queues: ['Helpdesk'],
        },
        {
          name: 'Sam Carter',
          extension: '1007',
          skills: [
            { skill: 'english', level: 8 },
            { skill: 'technical', level: 5 },
          ],
          queues: ['Helpdesk'],
        },
        {
          name: 'Jordan Lee',
          extension: '1008',
          skills: [
            { skill: 'english', level: 7 },
            { skill: 'technical', level: 3 },
          ],
          queues: ['Helpdesk'],
        },
      ],
      contacts: [
        { name: 'Dana Whitfield', company: 'Initech', phones: ['(212) 555-0142'] },
        { name: 'Chris Okafor', company: 'Umbrella Corp', phones: ['+1 415 555 0199'] },
      ],
      users: [
        { username: 'morgan', displayName: 'Morgan Blake', role: 'supervisor' },
        { username: 'riley', displayName: 'Riley Quinn', role: 'qa' },
      ],
    },
  ],
};
