/**
 * Assembles the GraphQL schema: importing each type file registers its types
 * and fields on the builder, in a fixed order.
 */
import './schema/scalars.ts';
import './schema/problem.ts';
import './schema/business-line.ts';
import './schema/skill.ts';
import './schema/agent.ts';
import './schema/queue.ts';
import './schema/contact.ts';
import './schema/user.ts';
import './schema/auth.ts';
import './schema/call.ts';
import './schema/audit.ts';
import './schema/acd-agent.ts';
import './schema/acd-queue.ts';
import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.ts';

/** The executable schema, fields sorted so the printed SDL is stable. */
export const schema = lexicographicSortSchema(builder.toSchema());
