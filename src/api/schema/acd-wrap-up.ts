/**
 * Wrap-up (AGT-6): `setCallWrapUp` writes the disposition code and notes an
 * agent gives a call on its call record (`Call.disposition`, `Call.notes`),
 * where the next screen pop of the same number shows them.
 */
import { z } from 'zod';
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { CallRef } from './call.ts';
import { RESULT } from './problem.ts';

builder.mutationField('setCallWrapUp', (t) =>
  t.field({
    type: CallRef,
    description:
      "Sets the disposition code and notes of a call (during the call or after it); setting them again replaces them. Dialer calls take the campaign's codes through setCallDisposition instead. Roles: an agent on its own calls (any call it had a leg in); supervisors and admins on calls of their business lines.",
    authScopes: { authenticated: true },
    errors: RESULT,
    args: {
      callId: t.arg.string({
        required: true,
        description:
          "The call's linked id (`ScreenPop.callId`, `AgentLiveState.callId`, `Call.linkedId`).",
        validate: z.string().min(1).max(150),
      }),
      disposition: t.arg.string({
        description:
          "Disposition code, 1 to 64 characters (e.g. sale, information, complaint); one of the call queue's codes when it lists some (Queue.acdSettings.wrapUp). Left out (null) gives none, refused (VALIDATION_FAILED) when the queue requires one; an empty code is refused.",
      }),
      notes: t.arg.string({
        description: 'Free notes, at most 4,000 characters; empty clears them.',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.wrapUp.setWrapUp(actorOf(ctx), args.callId, {
        disposition: args.disposition ?? null,
        notes: args.notes ?? null,
      }),
  }),
);
