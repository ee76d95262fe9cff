import { and, eq, sql } from "drizzle-orm";
import { auditStatement } from "../audit/record";
import type { Db } from "../db/client";
import { inList } from "../db/json-rows";
import { isUniqueViolation } from "../db/errors";
import { filterOnly } from "../db/planner";
import { articles, categories, ticketSubscribers, ticketTags, tenants, tickets, users } from "../db/schema";
import { ForbiddenError, ValidationError } from "../http/errors";
import { ARTICLE_MESSAGE_ID, articleValues, assertAttachable, linkAttachments, recordFiles, type ArticleInput } from "./articles";
import type { TicketPatch } from "./schemas";

type Status = (typeof tickets.$inferInsert)["status"];
type Priority = (typeof tickets.$inferInsert)["priority"];
type Channel = (typeof tickets.$inferInsert)["channel"];

/** What any channel or the API needs to open a ticket; the first article is optional. */
export interface TicketDraft {
  tenantId: number;
  subject: string;
  channel: Channel;
  customerId: number | null;
  categoryId?: number | null;
  assigneeId?: number | null;
  priority?: Priority;
  status?: Status;
  tags?: string[];
  subscriberIds?: number[];
  dueAt?: number | null;
  parentId?: number | null;
  actorId: number | null;
  article?: ArticleInput;
}

export type CreateResult = { ticketId: number; articleId: number | null; duplicate: false } | { ticketId: null; articleId: null; duplicate: true };

/**
 * Creates a ticket with its first article in one transaction, one round trip: the batch
 * takes the tenant's next ticket number first, so two tickets never share one. When the
 * article's Message-ID already exists for the tenant the whole write is rolled back, so
 * two copies of one new mail arriving at once yield one ticket.
 */
export async function createTicket(db: Db, draft: TicketDraft, now = Date.now()): Promise<CreateResult> {
  const { tenantId } = draft;
  const number = sql`(select next_ticket_number - 1 from tenants where id = ${tenantId})`;
  const ticketId = sql`(select id from tickets where tenant_id = ${tenantId} and number = ${number})`;
  const tags = [...new Set(draft.tags ?? [])];
  const subscriberIds = [...new Set(draft.subscriberIds ?? [])];
  const article = draft.article;
  const writes = [
    db
      .update(tenants)
      .set({ nextTicketNumber: sql`${tenants.nextTicketNumber} + 1` })
      .where(eq(tenants.id, tenantId)),
    db
      .insert(tickets)
      .values({
        tenantId,
        number: number as unknown as number,
        subject: draft.subject,
        status: draft.status ?? "new",
        priority: draft.priority ?? "normal",
        categoryId: draft.categoryId ?? null,
        assigneeId: draft.assigneeId ?? null,
        customerId: draft.customerId,
        channel: draft.channel,
        dueAt: draft.dueAt ?? null,
        parentId: draft.parentId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: tickets.id }),
    ...(article ? [db.insert(articles).values(articleValues(tenantId, ticketId, article, now)).returning({ id: articles.id })] : []),
    ...(article?.attachmentIds?.length ? [linkAttachments(db, tenantId, ticketId, article.attachmentIds)] : []),
    ...(article?.files?.length ? [recordFiles(db, tenantId, ticketId, article, now)] : []),
    ...tags.map((tag) => db.insert(ticketTags).values({ tenantId, ticketId: ticketId as unknown as number, tag })),
    ...subscriberIds.map((userId) => db.insert(ticketSubscribers).values({ tenantId, ticketId: ticketId as unknown as number, userId })),
    auditStatement(db, { tenantId, actorId: draft.actorId, entity: "ticket", entityId: ticketId as unknown as number, action: "created" }),
  ];
  try {
    const [, ticket, first] = (await db.batch(writes as [(typeof writes)[0], ...typeof writes])) as [unknown, { id: number }[], { id: number }[] | undefined];
    return { ticketId: ticket[0]!.id, articleId: article ? first![0]!.id : null, duplicate: false };
  } catch (e) {
    if (article?.messageId && isUniqueViolation(e, ARTICLE_MESSAGE_ID)) return { ticketId: null, articleId: null, duplicate: true };
    throw e;
  }
}

/** Checks that referenced users and categories exist in the tenant (and agents are agents). */
export async function assertReferences(
  db: Db,
  tenantId: number,
  refs: { categoryId?: number | null; assigneeId?: number | null; customerId?: number | null; subscriberIds?: number[]; parentId?: number | null; attachmentIds?: number[] },
) {
  const issues: { path: string; message: string }[] = [];
  if (refs.categoryId) {
    const found = await db.query.categories.findFirst({ where: and(eq(categories.tenantId, tenantId), eq(categories.id, refs.categoryId)) });
    if (!found) issues.push({ path: "categoryId", message: "No such category" });
  }
  if (refs.assigneeId) {
    const found = await db.query.users.findFirst({ where: and(eq(users.tenantId, tenantId), eq(users.id, refs.assigneeId)) });
    if (!found || found.role === "customer" || !found.active) issues.push({ path: "assigneeId", message: "No such active agent" });
  }
  if (refs.customerId) {
    const found = await db.query.users.findFirst({ where: and(eq(users.tenantId, tenantId), eq(users.id, refs.customerId)) });
    if (!found) issues.push({ path: "customerId", message: "No such user" });
  }
  if (refs.subscriberIds?.length) {
    const ids = [...new Set(refs.subscriberIds)];
    const found = await db.select({ id: users.id }).from(users).where(and(eq(filterOnly(users.tenantId), tenantId), inList(users.id, ids)));
    if (found.length !== ids.length) issues.push({ path: "subscriberIds", message: "No such user" });
  }
  if (refs.parentId) {
    const found = await db.query.tickets.findFirst({ where: and(eq(tickets.tenantId, tenantId), eq(tickets.id, refs.parentId)) });
    if (!found) issues.push({ path: "parentId", message: "No such ticket" });
  }
  if (issues.length) throw new ValidationError("Invalid reference", issues);
  await assertAttachable(db, tenantId, refs.attachmentIds);
}

/** Applies a patch, keeping status timestamps and the audit trail in the same transaction. */
export async function updateTicket(db: Db, tenantId: number, actorId: number, current: typeof tickets.$inferSelect, patch: TicketPatch) {
  await assertReferences(db, tenantId, patch);
  if (patch.parentId === current.id) throw new ValidationError("A ticket cannot be its own parent", [{ path: "parentId", message: "Choose another ticket" }]);
  const now = Date.now();
  const { tags, subscriberIds, dueAt, ...plain } = patch;
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(plain)) {
    if (current[key as keyof typeof current] !== value) changes[key] = { from: current[key as keyof typeof current], to: value };
  }
  const dueMs = dueAt === undefined ? undefined : dueAt === null ? null : Date.parse(dueAt);
  if (dueMs !== undefined && dueMs !== current.dueAt) changes.dueAt = { from: current.dueAt, to: dueMs };
  if (tags) changes.tags = tags;
  if (subscriberIds) changes.subscriberIds = subscriberIds;
  const where = and(eq(tickets.tenantId, tenantId), eq(tickets.id, current.id));
  const resolvedNow = patch.status && ["resolved", "closed"].includes(patch.status) && !["resolved", "closed"].includes(current.status);
  const writes = [
    db
      .update(tickets)
      .set({
        ...plain,
        ...(dueMs !== undefined && { dueAt: dueMs }),
        ...(resolvedNow && { resolvedAt: now }),
        ...(patch.status && !["resolved", "closed"].includes(patch.status) && { resolvedAt: null }),
        updatedAt: now,
      })
      .where(where),
    ...(tags
      ? [
          db.delete(ticketTags).where(and(eq(ticketTags.tenantId, tenantId), eq(ticketTags.ticketId, current.id))),
          ...[...new Set(tags)].map((tag) => db.insert(ticketTags).values({ tenantId, ticketId: current.id, tag })),
        ]
      : []),
    ...(subscriberIds
      ? [
          db.delete(ticketSubscribers).where(and(eq(ticketSubscribers.tenantId, tenantId), eq(ticketSubscribers.ticketId, current.id))),
          ...[...new Set(subscriberIds)].map((userId) => db.insert(ticketSubscribers).values({ tenantId, ticketId: current.id, userId })),
        ]
      : []),
    auditStatement(db, { tenantId, actorId, entity: "ticket", entityId: current.id, action: "updated", changes }),
  ];
  await db.batch(writes as [(typeof writes)[0], ...typeof writes]);
}

/**
 * Merges `source` into `target`: its messages, tags and subscribers move over, and the
 * source is closed and points at the target so later follow-ups land there.
 */
export async function mergeTickets(db: Db, tenantId: number, actorId: number, source: typeof tickets.$inferSelect, target: typeof tickets.$inferSelect) {
  if (source.id === target.id) throw new ValidationError("A ticket cannot be merged into itself", [{ path: "targetId", message: "Choose another ticket" }]);
  if (target.mergedIntoId) throw new ValidationError("The target was itself merged", [{ path: "targetId", message: `Merge into ticket ${target.mergedIntoId} instead` }]);
  if (source.mergedIntoId) throw new ForbiddenError("This ticket was already merged");
  const now = Date.now();
  const note = (text: string) => ({ channel: "web" as const, direction: "out" as const, internal: true, text, authorId: actorId });
  await db.batch([
    db.update(articles).set({ ticketId: target.id }).where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, source.id))),
    db
      .insert(ticketTags)
      .select(
        db
          .select({ tenantId: ticketTags.tenantId, ticketId: sql<number>`${target.id}`.as("ticket_id"), tag: ticketTags.tag })
          .from(ticketTags)
          .where(and(eq(ticketTags.tenantId, tenantId), eq(ticketTags.ticketId, source.id))),
      )
      .onConflictDoNothing(),
    db
      .insert(ticketSubscribers)
      .select(
        db
          .select({ tenantId: ticketSubscribers.tenantId, ticketId: sql<number>`${target.id}`.as("ticket_id"), userId: ticketSubscribers.userId })
          .from(ticketSubscribers)
          .where(and(eq(ticketSubscribers.tenantId, tenantId), eq(ticketSubscribers.ticketId, source.id))),
      )
      .onConflictDoNothing(),
    db.update(tickets).set({ mergedIntoId: target.id, status: "closed", resolvedAt: now, updatedAt: now }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, source.id))),
    db.update(tickets).set({ updatedAt: now }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, target.id))),
    db.insert(articles).values(articleValues(tenantId, target.id, note(`Ticket #${source.number} was merged into this ticket.`), now)),
    db.insert(articles).values(articleValues(tenantId, source.id, note(`Merged into ticket #${target.number}.`), now)),
    auditStatement(db, { tenantId, actorId, entity: "ticket", entityId: source.id, action: "merged", changes: { into: target.id } }),
  ]);
}
