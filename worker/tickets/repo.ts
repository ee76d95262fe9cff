import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql, sum } from "drizzle-orm";
import type { Db } from "../db/client";
import { articles, attachments, ticketSubscribers, ticketTags, tickets, timeEntries } from "../db/schema";
import { NotFoundError } from "../http/errors";
import { deliveriesOf } from "../outbound/status";
import { decodeCursor, encodeCursor } from "./cursor";
import type { Article, Ticket, TicketListInput } from "./schemas";
import { visibilityCondition, type Scope } from "./visibility";

export type TicketRow = typeof tickets.$inferSelect;
type ArticleRow = typeof articles.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const sortColumns = { updatedAt: tickets.updatedAt, createdAt: tickets.createdAt, number: tickets.number } as const;

/** Tickets as one caller may see them: scoped to the tenant, then to the caller's visibility. */
export function ticketRepo(db: Db, scope: Scope) {
  const { tenantId } = scope;
  const isCustomer = scope.role === "customer";

  async function toJson(rows: TicketRow[]): Promise<Ticket[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [subs, tagRows] = await db.batch([
      db.select().from(ticketSubscribers).where(and(eq(ticketSubscribers.tenantId, tenantId), inArray(ticketSubscribers.ticketId, ids))),
      db.select().from(ticketTags).where(and(eq(ticketTags.tenantId, tenantId), inArray(ticketTags.ticketId, ids))),
    ]);
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      subject: r.subject,
      status: r.status,
      priority: r.priority,
      categoryId: r.categoryId,
      assigneeId: r.assigneeId,
      customerId: r.customerId,
      subscriberIds: subs.filter((s) => s.ticketId === r.id).map((s) => s.userId),
      tags: tagRows.filter((t) => t.ticketId === r.id).map((t) => t.tag),
      channel: r.channel,
      dueAt: iso(r.dueAt),
      parentId: r.parentId,
      mergedIntoId: r.mergedIntoId,
      createdAt: iso(r.createdAt)!,
      updatedAt: iso(r.updatedAt)!,
      firstResponseAt: iso(r.firstResponseAt),
      resolvedAt: iso(r.resolvedAt),
    }));
  }

  async function articlesJson(rows: ArticleRow[]): Promise<Article[]> {
    const ids = rows.map((r) => r.id);
    const files = ids.length
      ? await db.select().from(attachments).where(and(eq(attachments.tenantId, tenantId), inArray(attachments.articleId, ids)))
      : [];
    const sent = await deliveriesOf(db, tenantId, ids);
    return rows.map((r) => ({
      id: r.id,
      ticketId: r.ticketId,
      channel: r.channel,
      direction: r.direction,
      internal: r.internal,
      from: r.from ?? null,
      to: r.to,
      cc: r.cc,
      subject: r.subject,
      text: r.text,
      html: r.html,
      messageId: r.messageId,
      inReplyTo: r.inReplyTo,
      references: r.references,
      externalId: r.externalId,
      authorId: r.authorId,
      kind: r.kind,
      createdAt: iso(r.createdAt)!,
      attachments: files
        .filter((f) => f.articleId === r.id)
        .map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, contentId: f.contentId })),
      deliveries: sent.get(r.id) ?? [],
    }));
  }

  return {
    toJson,
    articlesJson,

    /** The ticket row if the caller may see it; otherwise 404, exactly like a missing id. */
    async row(id: number): Promise<TicketRow> {
      const [found] = await db
        .select()
        .from(tickets)
        .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, id), await visibilityCondition(db, scope)));
      if (!found) throw new NotFoundError("Ticket");
      return found;
    },

    async get(id: number): Promise<Ticket> {
      return (await toJson([await this.row(id)]))[0]!;
    },

    async detail(id: number) {
      const ticket = await this.get(id);
      const [articleRows, [spent]] = await db.batch([
        db
          .select()
          .from(articles)
          .where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, id), isCustomer ? eq(articles.internal, false) : undefined))
          .orderBy(asc(articles.id)),
        db
          .select({ minutes: sum(timeEntries.minutes) })
          .from(timeEntries)
          .where(and(eq(timeEntries.tenantId, tenantId), eq(timeEntries.ticketId, id))),
      ]);
      return { ...ticket, articles: await articlesJson(articleRows), timeSpentMinutes: Number(spent?.minutes ?? 0) };
    },

    async list(query: TicketListInput): Promise<{ data: Ticket[]; nextCursor: string | null }> {
      const sort = query.sort ?? "-updatedAt";
      const descending = sort.startsWith("-");
      const column = sortColumns[sort.replace("-", "") as keyof typeof sortColumns];
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const before = descending ? lt : gt;
      const rows = await db
        .select()
        .from(tickets)
        .where(
          and(
            eq(tickets.tenantId, tenantId),
            isNull(tickets.mergedIntoId),
            await visibilityCondition(db, scope),
            query.status ? inArray(tickets.status, query.status) : undefined,
            query.categoryId ? eq(tickets.categoryId, query.categoryId) : undefined,
            query.assigneeId === "none" ? isNull(tickets.assigneeId) : query.assigneeId ? eq(tickets.assigneeId, query.assigneeId) : undefined,
            query.customerId ? eq(tickets.customerId, query.customerId) : undefined,
            query.tag ? sql`${tickets.id} in (select ticket_id from ticket_tags where tenant_id = ${tenantId} and tag = ${query.tag})` : undefined,
            query.q ? sql`${tickets.id} in (${searchTicketIds(tenantId, query.q)})` : undefined,
            after ? or(before(column, after[0]), and(eq(column, after[0]), before(tickets.id, after[1]))) : undefined,
          ),
        )
        .orderBy(descending ? desc(column) : asc(column), descending ? desc(tickets.id) : asc(tickets.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor =
        rows.length > query.limit && last ? encodeCursor(last[sort.replace("-", "") as keyof typeof sortColumns], last.id) : null;
      return { data: await toJson(page), nextCursor };
    },
  };
}

/**
 * FTS5 query over subjects and message texts. The user's words are quoted one by one
 * so that FTS syntax characters in a search box cannot break or widen the query.
 */
function searchTicketIds(tenantId: number, q: string) {
  const match = q
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 10)
    .map((word) => `"${word.replace(/"/g, '""')}"`)
    .join(" ");
  return sql`select rowid from tickets_fts where tickets_fts match ${match}
    union select a.ticket_id from articles_fts f join articles a on a.id = f.rowid
      where articles_fts match ${match} and a.tenant_id = ${tenantId}`;
}

export type TicketRepo = ReturnType<typeof ticketRepo>;
