import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { createdAt, id, jsonText, tenantId, updatedAt } from "./columns";

export const TICKET_STATUSES = ["new", "open", "pending", "resolved", "closed"] as const;
export const TICKET_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const CHANNELS = ["email", "twitter", "phone", "web", "api"] as const;

export const tickets = sqliteTable(
  "tickets",
  {
    id: id(),
    tenantId: tenantId(),
    number: integer("number").notNull(),
    subject: text("subject").notNull(),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("new"),
    priority: text("priority", { enum: TICKET_PRIORITIES }).notNull().default("normal"),
    categoryId: integer("category_id"),
    assigneeId: integer("assignee_id"),
    customerId: integer("customer_id"),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    dueAt: integer("due_at"),
    parentId: integer("parent_id"),
    mergedIntoId: integer("merged_into_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    firstResponseAt: integer("first_response_at"),
    resolvedAt: integer("resolved_at"),
  },
  // Indexes follow the list filters: each starts with tenant, then the filter, then the sort key.
  (t) => [
    uniqueIndex("tickets_tenant_number").on(t.tenantId, t.number),
    index("tickets_tenant_updated").on(t.tenantId, t.updatedAt),
    index("tickets_tenant_status_updated").on(t.tenantId, t.status, t.updatedAt),
    index("tickets_tenant_assignee_updated").on(t.tenantId, t.assigneeId, t.updatedAt),
    index("tickets_tenant_customer_updated").on(t.tenantId, t.customerId, t.updatedAt),
    index("tickets_tenant_category_updated").on(t.tenantId, t.categoryId, t.updatedAt),
  ],
);

export const ticketTags = sqliteTable(
  "ticket_tags",
  {
    tenantId: tenantId(),
    ticketId: integer("ticket_id").notNull(),
    tag: text("tag").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.tag] }),
    index("ticket_tags_tenant_tag").on(t.tenantId, t.tag),
    // The tags of a page of tickets (migrations/0005_ticket_search.sql).
    index("ticket_tags_tenant_ticket").on(t.tenantId, t.ticketId, t.tag),
  ],
);

export const ticketSubscribers = sqliteTable(
  "ticket_subscribers",
  {
    tenantId: tenantId(),
    ticketId: integer("ticket_id").notNull(),
    userId: integer("user_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] }), index("ticket_subscribers_user").on(t.userId)],
);

export type Address = { name?: string; address: string };

export const articles = sqliteTable(
  "articles",
  {
    id: id(),
    tenantId: tenantId(),
    ticketId: integer("ticket_id").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    internal: integer("internal", { mode: "boolean" }).notNull().default(false),
    from: jsonText<Address | null>("from_addr"),
    to: jsonText<Address[]>("to_addrs").notNull().default(sql`'[]'`),
    cc: jsonText<Address[]>("cc_addrs").notNull().default(sql`'[]'`),
    subject: text("subject"),
    text: text("body_text").notNull().default(""),
    html: text("body_html"),
    messageId: text("message_id"),
    inReplyTo: text("in_reply_to"),
    references: jsonText<string[]>("references_ids").notNull().default(sql`'[]'`),
    externalId: text("external_id"),
    authorId: integer("author_id"),
    /** message | auto_reply | bounce (migration 0002): only messages reopen or notify. */
    kind: text("kind", { enum: ["message", "auto_reply", "bounce"] }).notNull().default("message"),
    createdAt: createdAt(),
  },
  (t) => [
    // Leads with the tenant like every query on it (migrations/0005_ticket_search.sql).
    index("articles_tenant_ticket").on(t.tenantId, t.ticketId, t.id),
    // Duplicate delivery of one message to one tenant must add nothing.
    uniqueIndex("articles_tenant_message_id").on(t.tenantId, t.messageId),
  ],
);

export const attachments = sqliteTable(
  "attachments",
  {
    id: id(),
    tenantId: tenantId(),
    /** Null until the upload is attached to an article. */
    articleId: integer("article_id"),
    r2Key: text("r2_key").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    contentId: text("content_id"),
    uploadedBy: integer("uploaded_by"),
    createdAt: createdAt(),
  },
  (t) => [index("attachments_article").on(t.articleId)],
);

export const timeEntries = sqliteTable(
  "time_entries",
  {
    id: id(),
    tenantId: tenantId(),
    ticketId: integer("ticket_id").notNull(),
    userId: integer("user_id").notNull(),
    minutes: integer("minutes").notNull(),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [index("time_entries_ticket").on(t.ticketId)],
);

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: id(),
    tenantId: tenantId(),
    actorId: integer("actor_id"),
    entity: text("entity").notNull(),
    entityId: integer("entity_id").notNull(),
    action: text("action").notNull(),
    changes: jsonText<Record<string, unknown>>("changes"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_entity").on(t.tenantId, t.entity, t.entityId)],
);
