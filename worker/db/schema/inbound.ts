import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id, tenantId, updatedAt } from "./columns";

export const FAILED_MAIL_STATUSES = ["failed", "replayed"] as const;

/** An inbound message that did not become a ticket or follow-up, kept with its reason for replay. */
export const failedMails = sqliteTable(
  "failed_mails",
  {
    id: id(),
    tenantId: tenantId(),
    channel: text("channel").notNull(),
    /** The raw message in R2, stored before anything else ran. */
    rawKey: text("raw_key").notNull(),
    reason: text("reason").notNull(),
    detail: text("detail"),
    envelopeFrom: text("envelope_from"),
    envelopeTo: text("envelope_to"),
    messageId: text("message_id"),
    subject: text("subject"),
    status: text("status", { enum: FAILED_MAIL_STATUSES }).notNull().default("failed"),
    attempts: integer("attempts").notNull().default(1),
    /** The ticket a successful replay produced or joined. */
    ticketId: integer("ticket_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("failed_mails_tenant_status").on(t.tenantId, t.status, t.id)],
);

/** A user who asked (#unsubscribe#) to receive no more updates for one ticket. */
export const ticketUnsubscribes = sqliteTable(
  "ticket_unsubscribes",
  {
    tenantId: tenantId(),
    ticketId: integer("ticket_id").notNull(),
    userId: integer("user_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] })],
);
