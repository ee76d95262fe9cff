import { and, asc, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import { categoryAddress } from "../categories/names";
import type { Db } from "../db/client";
import { articles, categories, inboundAddresses, notificationSettings, tenants, tickets, ticketSubscribers, users } from "../db/schema";
import { settingsFrom, type NotificationSettings } from "../notify/settings";
import { standardAddress } from "../tenants/service";
import type { TicketRow } from "../tickets/repo";
import { personColumns, type Person } from "./people";
import { threadFrom, type Thread } from "./thread";

/** What every mail about one ticket needs to know, whoever it goes to. */
export interface MailContext {
  tenant: typeof tenants.$inferSelect;
  settings: NotificationSettings;
  thread: Thread;
  /** The ticket's customer, assignee and subscribers, the people asked for by id and the article's author (unknown ids left out). */
  people: Person[];
  subscribers: Person[];
  /** The address the ticket is routed by now: the answer to any of our mails comes back there. */
  replyTo: string;
}

export interface TicketMail {
  ticket: TicketRow;
  /** The article asked for, if any and if it belongs to the ticket. */
  article: typeof articles.$inferSelect | undefined;
  context: MailContext;
}

export interface TicketMailQuery {
  tenantId: number;
  ticketId: number;
  /** Selects the ticket row; a route passes its visibility condition, so a ticket the caller may not see reads as missing. */
  where?: SQL;
  personIds?: (number | null)[];
  articleId?: number;
}

/**
 * Reads a ticket with its mail context in one D1 batch of four statements (five with an
 * article): the ticket; the tenant with its switches and the ticket category's routing;
 * the thread; everyone the mail may name. The statements find the ticket's category,
 * customer and assignee by subquery rather than from the row, so nothing waits for a first
 * round trip, and related rows ride along as scalar subqueries, since every statement costs
 * D1 work and query building of its own: a reply or a notification costs one read.
 * `Reply-To` is the category's custom address, else its plus-address, else the tenant's
 * standard address, so the customer's answer comes back to the right inbox, also after
 * the ticket changed category. Undefined when the ticket (as `where` sees it) or the tenant is gone.
 */
export async function loadTicketMail(db: Db, mailDomain: string, query: TicketMailQuery): Promise<TicketMail | undefined> {
  const { tenantId, ticketId, articleId } = query;
  const ticketColumn = (column: "category_id" | "customer_id" | "assignee_id") =>
    sql`select ${sql.identifier(column)} from ${tickets} where tenant_id = ${tenantId} and id = ${ticketId}`;
  const json = <T>(text: string | null) => (text === null ? null : (JSON.parse(text) as T));
  const ids = [...new Set((query.personIds ?? []).filter((id): id is number => !!id))];
  const subscribed = sql`select user_id from ${ticketSubscribers} where tenant_id = ${tenantId} and ticket_id = ${ticketId}`;
  const reads = [
    db.select().from(tickets).where(query.where ?? and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId))),
    db
      .select({
        tenant: tenants,
        switches: sql<string | null>`(select settings from ${notificationSettings} where tenant_id = ${tenantId})`.mapWith(json<unknown>),
        categoryNames: sql<string | null>`(select names from ${categories} where tenant_id = ${tenantId} and id = (${ticketColumn("category_id")}))`.mapWith(
          json<Record<string, string>>,
        ),
        customAddress: sql<string | null>`(select address from ${inboundAddresses} where tenant_id = ${tenantId} and kind = 'custom'
          and category_id = (${ticketColumn("category_id")}) limit 1)`,
      })
      .from(tenants)
      .where(eq(tenants.id, tenantId)),
    db
      .select({ messageId: articles.messageId, direction: articles.direction })
      .from(articles)
      .where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticketId), eq(articles.internal, false), isNotNull(articles.messageId)))
      .orderBy(asc(articles.id)),
    db
      .select({ ...personColumns, subscribed: sql<number>`${users.id} in (${subscribed})`.mapWith(Boolean) })
      .from(users)
      .where(
        and(
          eq(users.tenantId, tenantId),
          sql`${users.id} in (${ticketColumn("customer_id")} union ${ticketColumn("assignee_id")} union ${subscribed}
            union select author_id from ${articles} where tenant_id = ${tenantId} and id = ${articleId ?? -1}
            union select value from json_each(${JSON.stringify(ids)}))`,
        ),
      )
      .orderBy(users.id),
  ] as const;
  const articleRead = db
    .select()
    .from(articles)
    .where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticketId), eq(articles.id, articleId ?? -1)));
  const [[ticket], [row], threadRows, everyone, articleRows = []] = articleId === undefined ? await db.batch(reads) : await db.batch([...reads, articleRead]);
  if (!ticket || !row) return undefined;
  const { tenant, switches, categoryNames, customAddress } = row;
  const replyTo =
    customAddress ??
    (ticket.categoryId !== null && categoryNames
      ? categoryAddress(tenant.slug, ticket.categoryId, categoryNames.en ?? Object.values(categoryNames)[0] ?? "", mailDomain)
      : standardAddress(tenant.slug, mailDomain));
  const people = everyone.map(({ subscribed: _, ...person }) => person);
  return {
    ticket,
    article: articleRows[0],
    context: {
      tenant,
      settings: settingsFrom({ settings: switches ?? undefined }),
      thread: threadFrom(threadRows),
      people,
      subscribers: people.filter((_, i) => everyone[i]!.subscribed),
      replyTo,
    },
  };
}
