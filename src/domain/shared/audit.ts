/** One entry of the audit log (SEC-2): who did what, when, from where. */
export interface AuditEntry {
  id: string;
  at: number;
  actorUserId: string | null;
  actorName: string;
  /** What was done, e.g. `queue.update`, `auth.login`. */
  action: string;
  entity: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  /** Client address. */
  source: string | null;
}
