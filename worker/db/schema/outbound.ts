import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id, jsonText, tenantId, updatedAt } from "./columns";
import type { Address } from "./tickets";

export const OUTBOUND_KINDS = ["reply", "notification", "acknowledgment", "welcome", "test"] as const;
export const MAIL_STATUSES = ["queued", "sent", "failed"] as const;
export const DELIVERY_STATUSES = ["queued", "sent", "failed", "bounced"] as const;

/** The outbox: one row per mail that must leave, enough to compose it again on every try. */
export const outboundMails = sqliteTable(
  "outbound_mails",
  {
    id: id(),
    tenantId: tenantId(),
    ticketId: integer("ticket_id"),
    articleId: integer("article_id"),
    kind: text("kind", { enum: OUTBOUND_KINDS }).notNull(),
    /** Mail no person wrote: carries Auto-Submitted and counts against the loop limits. */
    automatic: integer("automatic", { mode: "boolean" }).notNull().default(false),
    messageId: text("message_id").notNull(),
    /** The id the transport actually used, when it replaced ours (the send_email binding may). */
    providerMessageId: text("provider_message_id"),
    from: jsonText<Address>("from_addr").notNull(),
    replyTo: text("reply_to"),
    to: jsonText<Address[]>("to_addrs").notNull().default(sql`'[]'`),
    cc: jsonText<Address[]>("cc_addrs").notNull().default(sql`'[]'`),
    subject: text("subject").notNull(),
    text: text("body_text").notNull().default(""),
    html: text("body_html"),
    inReplyTo: text("in_reply_to"),
    references: jsonText<string[]>("references_ids").notNull().default(sql`'[]'`),
    attachmentIds: jsonText<number[]>("attachment_ids").notNull().default(sql`'[]'`),
    status: text("status", { enum: MAIL_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: integer("sent_at"),
  },
  (t) => [
    uniqueIndex("outbound_mails_tenant_message_id").on(t.tenantId, t.messageId),
    index("outbound_mails_due").on(t.status, t.nextAttemptAt),
    index("outbound_mails_ticket").on(t.tenantId, t.ticketId, t.createdAt),
    index("outbound_mails_provider_message_id").on(t.tenantId, t.providerMessageId),
    index("outbound_mails_tenant").on(t.tenantId),
    index("outbound_mails_tenant_status").on(t.tenantId, t.status),
  ],
);

/** One row per recipient of an outbound mail; the article shows these as its delivery status. */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: id(),
    tenantId: tenantId(),
    mailId: integer("mail_id").notNull(),
    articleId: integer("article_id"),
    /** Lower-cased, so bounces match whatever case the remote server reports. */
    recipient: text("recipient").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("queued"),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("deliveries_tenant_mail").on(t.tenantId, t.mailId),
    index("deliveries_article").on(t.tenantId, t.articleId),
  ],
);

/** Addresses that failed permanently (5.x.x) and are never mailed again. */
export const suppressedAddresses = sqliteTable(
  "suppressed_addresses",
  {
    tenantId: tenantId(),
    address: text("address").notNull(),
    reason: text("reason").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.address] })],
);

export const SMTP_SECURITY = ["tls", "starttls", "none"] as const;

/** A tenant's own SMTP relay; the password is AES-GCM encrypted with a key from SECRET_KEY. */
export const smtpRelays = sqliteTable("smtp_relays", {
  tenantId: integer("tenant_id").primaryKey(),
  host: text("host").notNull(),
  port: integer("port").notNull(),
  security: text("security", { enum: SMTP_SECURITY }).notNull(),
  username: text("username"),
  passwordEnc: text("password_enc"),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  updatedAt: updatedAt(),
});

/** Who hears about an event; category 0 is the tenant-wide rule, other rows override it per category. */
export const notificationRules = sqliteTable(
  "notification_rules",
  {
    tenantId: tenantId(),
    event: text("event").notNull(),
    categoryId: integer("category_id").notNull().default(0),
    active: integer("active", { mode: "boolean" }).notNull(),
    recipients: jsonText<string[]>("recipients").notNull(),
    extraAgentIds: jsonText<number[]>("extra_agent_ids").notNull().default(sql`'[]'`),
    extraAddresses: jsonText<string[]>("extra_addresses").notNull().default(sql`'[]'`),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.event, t.categoryId] })],
);

/**
 * A tenant's edited template for one event and locale; without a row the built-in one is used.
 * Category 0 is the tenant-wide template, other rows override it per category (as rules do).
 */
export const notificationTemplates = sqliteTable(
  "notification_templates",
  {
    tenantId: tenantId(),
    event: text("event").notNull(),
    categoryId: integer("category_id").notNull().default(0),
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.event, t.categoryId, t.locale] })],
);

export const notificationSettings = sqliteTable("notification_settings", {
  tenantId: integer("tenant_id").primaryKey(),
  settings: jsonText<Record<string, unknown>>("settings").notNull(),
  updatedAt: updatedAt(),
});

/** Signed customer links (accept, reject, rate) work once: their id is recorded on use. */
export const usedActionLinks = sqliteTable(
  "used_action_links",
  {
    tenantId: tenantId(),
    linkId: text("link_id").notNull(),
    usedAt: integer("used_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.linkId] })],
);

export const RATINGS = ["good", "okay", "bad"] as const;

/** A customer's rating of a ticket, given through the signed links of the resolved mail. */
export const ticketRatings = sqliteTable(
  "ticket_ratings",
  {
    tenantId: tenantId(),
    ticketId: integer("ticket_id").notNull(),
    userId: integer("user_id").notNull(),
    rating: text("rating", { enum: RATINGS }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.ticketId] })],
);
