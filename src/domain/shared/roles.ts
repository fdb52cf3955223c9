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
  | 'audit:read'
  | 'recordings:read-all' // play and download every recording of the caller's business lines
  | 'recordings:read-own' // recordings of calls the caller's agent took part in
  | 'reports:read' // KPIs, cost and region reports, the wallboard, CSV exports
  | 'reports:read-own' // the caller's own figures for today (AGT-7)
  | 'records:manage' // rate tables, region prefixes, retention, deleting recordings
  | 'calls:control' // transfer, conference, hang up calls of the caller's business lines (agents: own calls)
  | 'calls:listen' // listen in on calls of the caller's business lines (AGT-4)
  | 'calls:coach' // whisper to the agent or barge in (AGT-4)
  | 'webhooks:manage'; // webhook endpoints, their secrets and delivery log (SEC-4)

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
    'recordings:read-all',
    'recordings:read-own',
    'reports:read',
    'reports:read-own',
    'records:manage',
    'calls:control',
    'calls:listen',
    'calls:coach',
    'webhooks:manage',
  ],
  supervisor: [
    'config:read',
    'config:write',
    'users:read',
    'contacts:read',
    'contacts:write',
    'calls:read-all',
    'calls:read-own',
    'recordings:read-all',
    'recordings:read-own',
    'reports:read',
    'reports:read-own',
    'calls:control',
    'calls:listen',
    'calls:coach',
  ],
  qa: [
    'config:read',
    'contacts:read',
    'calls:read-all',
    'calls:read-own',
    'recordings:read-all',
    'recordings:read-own',
    'reports:read',
    'reports:read-own',
    // MISSION.md: "Supervisors and QA staff who watch queues, listen in, and read reports".
    'calls:listen',
  ],
  agent: [
    'contacts:read',
    'contacts:write',
    'calls:read-own',
    'recordings:read-own',
    'reports:read-own',
  ],
};

/** True when `role` grants `permission`. */
export const can = (role: Role, permission: Permission): boolean =>
  MATRIX[role].includes(permission);

/** Admins see every business line; the other roles only those they are assigned to. */
export const isGlobalRole = (role: Role): boolean => role === 'admin';
