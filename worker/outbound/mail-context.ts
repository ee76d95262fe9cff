import { and, asc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
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
  /** The ticket's customer and assignee, the people asked for by id and the article's author (unknown ids left out). */
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
 * Reads a ticket with its mail context in one D1 batch: tenant, switches, thread, people,
 * subscribers and Reply-To. The context's statements find the ticket's category, customer
 * and assignee by subquery rather than from the row, so nothing waits for a first round
 * trip: a reply or a notification costs one read however much of it it uses.
 * `Reply-To` is the category's custom address, else its plus-address, else the tenant's
 * standard address, so the customer's answer comes back to the right inbox, also after
 * the ticket changed category. Undefined when the ticket (as `where` sees it) or the tenant is gone.
 */
export async function loadTicketMail(db: Db, mailDomain: string, query: TicketMailQuery): Promise<TicketMail | undefined> {
  const { tenantId, ticketId, articleId = -1 } = query;
  const thisTicket = and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId));
  const ticketCategory = db.select({ id: tickets.categoryId }).from(tickets).where(thisTicket);
  const ids = [...new Set((query.personIds ?? []).filter((id): id is number => !!id))];
  const [[ticket], [article], [tenant], [settings], threadRows, people, subscribers, [custom], [category]] = await db.batch([
    db.select().from(tickets).where(query.where ?? thisTicket),
    db
      .select()
      .from(articles)
      .where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticketId), eq(articles.id, articleId))),
    db.select().from(tenants).where(eq(tenants.id, tenantId)),
    db.select({ settings: notificationSettings.settings }).from(notificationSettings).where(eq(notificationSettings.tenantId, tenantId)),
    db
      .select({ messageId: articles.messageId, direction: articles.direction })
      .from(articles)
      .where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticketId), eq(articles.internal, false), isNotNull(articles.messageId)))
      .orderBy(asc(articles.id)),
    db
      .select(personColumns)
      .from(users)
      .where(
        and(
          eq(users.tenantId, tenantId),
          sql`${users.id} in (select customer_id from ${tickets} where tenant_id = ${tenantId} and id = ${ticketId}
            union select assignee_id from ${tickets} where tenant_id = ${tenantId} and id = ${ticketId}
            union select author_id from ${articles} where tenant_id = ${tenantId} and id = ${articleId}
            union select value from json_each(${JSON.stringify(ids)}))`,
        ),
      ),
    db
      .select(personColumns)
      .from(users)
      .where(and(eq(users.tenantId, tenantId), sql`${users.id} in (select user_id from ${ticketSubscribers} where tenant_id = ${tenantId} and ticket_id = ${ticketId})`))
      .orderBy(users.id),
    db
      .select({ address: inboundAddresses.address })
      .from(inboundAddresses)
      .where(and(eq(inboundAddresses.tenantId, tenantId), inArray(inboundAddresses.categoryId, ticketCategory), eq(inboundAddresses.kind, "custom")))
      .limit(1),
    db
      .select({ id: categories.id, names: categories.names })
      .from(categories)
      .where(and(eq(categories.tenantId, tenantId), inArray(categories.id, ticketCategory))),
  ]);
  if (!ticket || !tenant) return undefined;
  const replyTo =
    custom?.address ??
    (category ? categoryAddress(tenant.slug, category.id, category.names.en ?? Object.values(category.names)[0] ?? "", mailDomain) : standardAddress(tenant.slug, mailDomain));
  return {
    ticket,
    article,
    context: { tenant, settings: settingsFrom(settings), thread: threadFrom(threadRows), people, subscribers, replyTo },
  };
}
