import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { failedMails } from "../db/schema";
import type { StopReason } from "./pipeline";

/** Why a message was kept instead of ticketed: a pipeline stop, or a failure before or during it. */
export type FailureReason = Exclude<StopReason, "duplicate"> | "malformed" | "processing_error";

export interface FailedMailInput {
  tenantId: number;
  channel: string;
  rawKey: string;
  reason: FailureReason;
  detail: string;
  envelopeFrom?: string | null;
  envelopeTo?: string | null;
  messageId?: string | null;
  subject?: string | null;
}

export type FailedMailRow = typeof failedMails.$inferSelect;

/**
 * Keeps a message that did not become a ticket. A replay that fails again, or another delivery
 * of a message already kept (same Message-ID), updates that row instead of adding one.
 */
export async function keepFailedMail(db: Db, input: FailedMailInput, replayOf?: number): Promise<number> {
  const now = Date.now();
  const values = { ...input, detail: input.detail.slice(0, 2000), subject: input.subject?.slice(0, 500) ?? null };
  const existing =
    replayOf ??
    (input.messageId
      ? (
          await db
            .select({ id: failedMails.id })
            .from(failedMails)
            .where(and(eq(failedMails.tenantId, input.tenantId), eq(failedMails.messageId, input.messageId), eq(failedMails.status, "failed")))
            .limit(1)
        )[0]?.id
      : undefined);
  if (existing) {
    await db
      .update(failedMails)
      .set({ reason: values.reason, detail: values.detail, attempts: sql`${failedMails.attempts} + 1`, updatedAt: now })
      .where(and(eq(failedMails.tenantId, input.tenantId), eq(failedMails.id, existing)));
    return existing;
  }
  const [row] = await db.insert(failedMails).values({ ...values, createdAt: now, updatedAt: now }).returning({ id: failedMails.id });
  return row!.id;
}

/** A replay that produced or joined a ticket closes the kept mail. */
export async function markReplayed(db: Db, tenantId: number, id: number, ticketId: number | null) {
  await db
    .update(failedMails)
    .set({ status: "replayed", ticketId, attempts: sql`${failedMails.attempts} + 1`, updatedAt: Date.now() })
    .where(and(eq(failedMails.tenantId, tenantId), eq(failedMails.id, id)));
}

/** Kept mail of one tenant, newest first, paged by id. */
export function failedMailRepo(db: Db, tenantId: number) {
  return {
    async list(query: { status?: FailedMailRow["status"]; reason?: string; before?: number; limit: number }) {
      return db
        .select()
        .from(failedMails)
        .where(
          and(
            eq(failedMails.tenantId, tenantId),
            query.status ? eq(failedMails.status, query.status) : undefined,
            query.reason ? eq(failedMails.reason, query.reason) : undefined,
            query.before ? lt(failedMails.id, query.before) : undefined,
          ),
        )
        .orderBy(desc(failedMails.id))
        .limit(query.limit);
    },
    async get(id: number): Promise<FailedMailRow | undefined> {
      const [row] = await db.select().from(failedMails).where(and(eq(failedMails.tenantId, tenantId), eq(failedMails.id, id)));
      return row;
    },
  };
}
