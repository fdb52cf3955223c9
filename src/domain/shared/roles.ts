/**
 * The four roles of MISSION.md SEC-1 and what each may do. This table is the
 * single source the API's auth scopes and the role tests read.
 */
export const ROLES = ['admin', 'supervisor', 'qa', 'agent'] as const;

/** A user's role. */
export type Role = (typeof ROLES)[number];

/** Coarse permissions; ownership (an agent's own calls) is checked on top. */
export type Permission =
  | 'config:read' // read queues, agents, skills, business lines
  | 'config:write' // change queues, agents, skills, memberships (own business lines)
  | 'business-lines:write'
  | 'users:read'
  | 'users:write'
  | 'contacts:read'
  | 'contacts:write'
  | 'calls:read-all' // every call of the caller's business lines
  | 'calls:read-own' // calls the caller's agent took part in
  | 'audit:read';

const MATRIX: Record<Role, readonly Permission[]> = {
  admin: [
    'config:read',
    'config:write',
    'business-lines:write',
    'users:read',
    'users:write',
    'contacts:read',
    'contacts:write',
    'calls:read-all',
    'calls:read-own',
    'audit:read',
  ],
  supervisor: [
    'config:read',
    'config:write',
    'users:read',
    'contacts:read',
    'contacts:write',
    'calls:read-all',
    'calls:read-own',
  ],
  qa: ['config:read', 'contacts:read', 'calls:read-all', 'calls:read-own'],
  agent: ['contacts:read', 'contacts:write', 'calls:read-own'],
};

/** True when `role` grants `permission`. */
export const can = (role: Role, permission: Permission): boolean =>
  MATRIX[role].includes(permission);

/** Admins see every business line; the other roles only those they are assigned to. */
export const isGlobalRole = (role: Role): boolean => role === 'admin';
