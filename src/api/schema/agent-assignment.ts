/**
 * The mutations that change which queues an agent works and its skills,
 * effective in the running ACD at once (no restart): `setAgentQueues` and
 * `setAgentSkills`.
 */
import { builder } from '../builder.ts';
import { actorOf } from '../context.ts';
import { AgentRef, AgentSkillInput } from './agent.ts';
import { RESULT } from './problem.ts';
import { MembershipRef, QueueRef } from './queue.ts';

builder.mutationFields((t) => ({
  setAgentQueues: t.field({
    type: [MembershipRef],
    description:
      "Makes the given queues the agent's queues: it leaves the others and joins the new ones (penalty 0; queues it stays in keep their penalty). Queues must be of the agent's business line. The ACD uses the new queues at once. Roles: admin, supervisor (own business lines).",
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      agentId: t.arg.globalID({ for: AgentRef, required: true, description: 'The agent.' }),
      queueIds: t.arg.globalIDList({
        for: QueueRef,
        required: true,
        description: 'Every queue the agent should be in (an empty list takes it out of all).',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.assignments.setAgentQueues(
        actorOf(ctx),
        args.agentId.id,
        args.queueIds.map((q) => q.id),
      ),
  }),
  setAgentSkills: t.field({
    type: AgentRef,
    description:
      "Replaces the agent's skills; skills-based queues use them at once. Roles: admin, supervisor (own business lines).",
    authScopes: { permission: 'config:write' },
    errors: RESULT,
    args: {
      agentId: t.arg.globalID({ for: AgentRef, required: true, description: 'The agent.' }),
      skills: t.arg({
        type: [AgentSkillInput],
        required: true,
        description: 'The whole new set of skills with levels.',
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.assignments.setAgentSkills(
        actorOf(ctx),
        args.agentId.id,
        args.skills.map((s) => ({ skillId: s.skillId.id, level: s.level })),
      ),
  }),
}));
