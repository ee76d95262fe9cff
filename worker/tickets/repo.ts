import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lt, or, sql, sum } from "drizzle-orm";
import type { Db } from "../db/client";
import { articles, attachments, tickets, timeEntries } from "../db/schema";
import { NotFoundError } from "../http/errors";
import { loadTicketMail, type MailContext } from "../outbound/mail-context";
import { deliveriesBy, deliveryRows, type Delivery } from "../outbound/status";
import { decodeCursor, encodeCursor } from "./cursor";
import type { Article, Ticket, TicketListInput } from "./schemas";
import { tenantCondition, visibilityCondition, type Scope } from "./visibility";

export type TicketRow = typeof tickets.$inferSelect;
type ArticleRow = typeof articles.$inferSelect;
type AttachmentRow = typeof attachments.$inferSelect;

/**
 * A ticket with its subscriber ids and tags, read by correlated subqueries so that one
 * ticket or a page of tickets is one query rather than three round trips to D1.
 * Both come ordered, by user id and by tag, as before; the (ticket_id, user_id) key and the
 * (tenant_id, ticket_id, tag) index of migrations/0005 serve them.
 */
const ticketWithRelations = {
  ...getTableColumns(tickets),
  subscriberIds: sql<string>`(select json_group_array(user_id) from (select user_id from ticket_subscribers s
      where s.tenant_id = ${tickets.tenantId} and s.ticket_id = ${tickets.id} order by user_id))`.mapWith((v: string) => JSON.parse(v) as number[]),
  tags: sql<string>`(select json_group_array(tag) from (select tag from ticket_tags g
      where g.tenant_id = ${tickets.tenantId} and g.ticket_id = ${tickets.id} order by tag))`.mapWith((v: string) => JSON.parse(v) as string[]),
};
type TicketWithRelations = TicketRow & { subscriberIds: number[]; tags: string[] };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const sortColumns = { updatedAt: tickets.updatedAt, createdAt: tickets.createdAt, number: tickets.number } as const;

/** Tickets as one caller may see them: scoped to the tenant, then to the caller's visibility. */
export function ticketRepo(db: Db, scope: Scope) {
  const { tenantId } = scope;
  const isCustomer = scope.role === "customer";

  /** Tenant, id and the caller's visibility: a ticket the caller may not see is not found. */
  const visible = (id: number) => and(eq(tickets.tenantId, tenantId), eq(tickets.id, id), visibilityCondition(scope));

  function toJson(r: TicketWithRelations): Ticket {
    return {
      id: r.id,
      number: r.number,
      subject: r.subject,
      status: r.status,
      priority: r.priority,
      categoryId: r.categoryId,
      assigneeId: r.assigneeId,
      customerId: r.customerId,
      subscriberIds: r.subscriberIds,
      tags: r.tags,
      channel: r.channel,
      dueAt: iso(r.dueAt),
      parentId: r.parentId,
      mergedIntoId: r.mergedIntoId,
      createdAt: iso(r.createdAt)!,
      updatedAt: iso(r.updatedAt)!,
      firstResponseAt: iso(r.firstResponseAt),
      resolvedAt: iso(r.resolvedAt),
    };
  }

  /** Articles as the API shows them, from the rows read in one batch with their files and deliveries. */
  function articlesJson(rows: ArticleRow[], files: AttachmentRow[], sent: Map<number, Delivery[]>): Article[] {
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
    /** The ticket row if the caller may see it; otherwise 404, exactly like a missing id. */
    async row(id: number): Promise<TicketRow> {
      const [found] = await db.select().from(tickets).where(visible(id));
      if (!found) throw new NotFoundError("Ticket");
      return found;
    },

    /** `row` read together with the ticket's mail context (see `loadTicketMail`) in one batch. */
    async rowWithMail(id: number, mailDomain: string, personIds: number[]): Promise<{ ticket: TicketRow; context: MailContext }> {
      const found = await loadTicketMail(db, mailDomain, { tenantId, ticketId: id, visibility: visibilityCondition(scope), personIds });
      if (!found) throw new NotFoundError("Ticket");
      return found;
    },

    async get(id: number): Promise<Ticket> {
      const [found] = await db.select(ticketWithRelations).from(tickets).where(visible(id));
      if (!found) throw new NotFoundError("Ticket");
      return toJson(found);
    },

    /**
     * The ticket with its articles in one batch. The articles of a ticket the caller may not
     * see are read along and dropped with the 404, never returned.
     */
    async detail(id: number) {
      const shown = and(eq(articles.tenantId, tenantId), eq(articles.ticketId, id), isCustomer ? eq(articles.internal, false) : undefined);
      const shownIds = db.select({ id: articles.id }).from(articles).where(shown);
      const [[ticket], articleRows, [spent], files, sent] = await db.batch([
        db.select(ticketWithRelations).from(tickets).where(visible(id)),
        db.select().from(articles).where(shown).orderBy(asc(articles.id)),
        db
          .select({ minutes: sum(timeEntries.minutes) })
          .from(timeEntries)
          .where(and(eq(timeEntries.tenantId, tenantId), eq(timeEntries.ticketId, id))),
        db
          .select()
          .from(attachments)
          .where(and(eq(attachments.tenantId, tenantId), inArray(attachments.articleId, shownIds))),
        deliveryRows(db, tenantId, "articleId", shownIds),
      ]);
      if (!ticket) throw new NotFoundError("Ticket");
      return { ...toJson(ticket), articles: articlesJson(articleRows, files, deliveriesBy(sent)), timeSpentMinutes: Number(spent?.minutes ?? 0) };
    },

    /** One article of a ticket the caller may see, as the API shows it (after the ticket check). */
    async article(ticketId: number, articleId: number): Promise<Article> {
      const [rows, files, sent] = await db.batch([
        db.select().from(articles).where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticketId), eq(articles.id, articleId))),
        db.select().from(attachments).where(and(eq(attachments.tenantId, tenantId), eq(attachments.articleId, articleId))),
        deliveryRows(db, tenantId, "articleId", [articleId]),
      ]);
      const [found] = articlesJson(rows, files, deliveriesBy(sent));
      if (!found || (isCustomer && found.internal)) throw new NotFoundError("Article");
      return found;
    },

    async list(query: TicketListInput): Promise<{ data: Ticket[]; nextCursor: string | null }> {
      const sort = query.sort ?? "-updatedAt";
      const descending = sort.startsWith("-");
      const column = sortColumns[sort.replace("-", "") as keyof typeof sortColumns];
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const before = descending ? lt : gt;
      const rows = await db
        .select(ticketWithRelations)
        .from(tickets)
        .where(
          and(
            tenantCondition(scope),
            isNull(tickets.mergedIntoId),
            visibilityCondition(scope),
            query.status ? inArray(tickets.status, query.status) : undefined,
            query.categoryId ? eq(tickets.categoryId, query.categoryId) : undefined,
            query.assigneeId === "none" ? isNull(tickets.assigneeId) : query.assigneeId ? eq(tickets.assigneeId, query.assigneeId) : undefined,
            query.customerId ? eq(tickets.customerId, query.customerId) : undefined,
            query.tag ? sql`${tickets.id} in (select ticket_id from ticket_tags where tenant_id = ${tenantId} and tag = ${query.tag})` : undefined,
            query.q ? sql`${tickets.id} in (${searchTicketIds(query.q)})` : undefined,
            after ? or(before(column, after[0]), and(eq(column, after[0]), before(tickets.id, after[1]))) : undefined,
          ),
        )
        .orderBy(descending ? desc(column) : asc(column), descending ? desc(tickets.id) : asc(tickets.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor =
        rows.length > query.limit && last ? encodeCursor(last[sort.replace("-", "") as keyof typeof sortColumns], last.id) : null;
      return { data: page.map(toJson), nextCursor };
    },
  };
}

/**
 * Ids of tickets whose subject or one of whose messages has every word. The user's words are
 * quoted one by one so that FTS syntax characters in a search box cannot break or widen the query.
 * A hit's rowid is ticket id × 2^32 + source (migrations/0005_ticket_search.sql), so the ticket id
 * comes without a lookup; the index spans tenants and the caller's query keeps only its tenant's.
 */
function searchTicketIds(q: string) {
  const match = q
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 10)
    .map((word) => `"${word.replace(/"/g, '""')}"`)
    .join(" ");
  return sql`select rowid >> 32 from ticket_search where ticket_search match ${match}`;
}

export type TicketRepo = ReturnType<typeof ticketRepo>;
