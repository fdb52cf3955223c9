/**
 * The webhook rows of the role matrix (test/api/roles.test.ts): endpoints,
 * their deliveries, test pings and redelivery are the admin's only (SEC-1,
 * SEC-4: the secret signs what the CRM trusts).
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Role } from '../../src/domain/shared/roles.ts';
import type { TestApi } from '../helpers/api.ts';
import type { Org } from '../helpers/org.ts';

type Caller = Role | 'anonymous';

/** A row of the matrix (the same shape roles.test.ts uses). */
interface Operation {
  name: string;
  allowed: Caller[];
  request(ctx: {
    api: TestApi;
    org: Org;
    caller: Caller;
    n: number;
  }):
    | Promise<{ query: string; variables?: Record<string, unknown> }>
    | { query: string; variables?: Record<string, unknown> };
}

const ADMIN: Caller[] = ['admin'];
const PROBLEM = '__typename ... on Problem { code message }';
const mutation = (variables: string, call: string) =>
  `mutation(${variables}) { r: ${call} { ${PROBLEM} } }`;

/** A fresh endpoint of line A, made by the admin. */
async function endpoint(api: TestApi, org: Org, n: number) {
  const created = await api.services.webhooks.create(api.admin, {
    businessLineId: org.raw.lineA.id,
    name: `CRM ${n}`,
    url: `http://crm.example.test/hooks/${n}`,
    events: ['*'],
  });
  return { raw: created, id: encodeGlobalID('WebhookEndpoint', created.id) };
}

/** Rows for every webhook query and mutation. */
export const WEBHOOK_OPERATIONS: Operation[] = [
  {
    name: 'query webhookEndpoints',
    allowed: ADMIN,
    request: () => ({
      query:
        '{ r: webhookEndpoints { edges { node { id url events deliveries { edges { node { id status } } } } } } }',
    }),
  },
  {
    name: 'createWebhookEndpoint',
    allowed: ADMIN,
    request: ({ org, n }) => ({
      query: mutation('$i: WebhookEndpointInput!', 'createWebhookEndpoint(input: $i)'),
      variables: {
        i: {
          businessLineId: org.ids.lineA,
          name: `CRM ${n}`,
          url: `https://crm.example.test/${n}`,
          events: ['call.ended'],
        },
      },
    }),
  },
  {
    name: 'updateWebhookEndpoint',
    allowed: ADMIN,
    request: async ({ api, org, n }) => ({
      query: mutation(
        '$id: ID!, $i: WebhookEndpointPatch!',
        'updateWebhookEndpoint(id: $id, input: $i)',
      ),
      variables: { id: (await endpoint(api, org, n)).id, i: { enabled: false } },
    }),
  },
  ...(['rotateWebhookSecret', 'testWebhook'] as const).map(
    (name): Operation => ({
      name,
      allowed: ADMIN,
      request: async ({ api, org, n }) => ({
        query: mutation('$id: ID!', `${name}(id: $id)`),
        variables: { id: (await endpoint(api, org, n)).id },
      }),
    }),
  ),
  {
    name: 'deleteWebhookEndpoint',
    allowed: ADMIN,
    request: async ({ api, org, n }) => ({
      query:
        'mutation($id: ID!) { r: deleteWebhookEndpoint(id: $id) { __typename ... on Problem { code } } }',
      variables: { id: (await endpoint(api, org, n)).id },
    }),
  },
  {
    name: 'redeliverWebhook',
    allowed: ADMIN,
    request: async ({ api, org, n }) => {
      const target = await endpoint(api, org, n);
      const delivery = await api.services.webhooks.test(api.admin, target.raw.id);
      return {
        query: mutation('$id: ID!', 'redeliverWebhook(deliveryId: $id)'),
        variables: { id: delivery.id },
      };
    },
  },
];
