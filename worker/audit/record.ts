import type { Db } from "../db/client";
import { auditEvents } from "../db/schema";

export interface AuditEntry {
  tenantId: number;
  actorId: number | null;
  entity: string;
  entityId: number;
  action: string;
  changes?: Record<string, unknown>;
}

/** Statement recording who changed what, for use inside the batch that makes the change. */
export const auditStatement = (db: Db, entry: AuditEntry) => db.insert(auditEvents).values({ ...entry, changes: entry.changes ?? null });
