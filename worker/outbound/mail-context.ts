import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { categoryAddress } from "../categories/names";
import type { Db } from "../db/client";
import { articles, categories, inboundAddresses, notificationSettings, tenants, ticketSubscribers, users } from "../db/schema";
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
  /** The people asked for by id (unknown ids left out). */
  people: Person[];
  subscribers: Person[];
  /** The address the ticket is routed by now: the answer to any of our mails comes back there. */
  replyTo: string;
}

/**
 * Reads a ticket's mail context in one D1 batch: a reply or a notification costs one round
 * trip for tenant, switches, thread, people and Reply-To however many of them it uses.
 * `Reply-To` is the category's custom address, else its plus-address, else the tenant's
 * standard address, so the customer's answer comes back to the right inbox, also after
 * the ticket changed category. Undefined when the tenant is gone.
 */
export async function loadMailContext(db: Db, mailDomain: string, ticket: TicketRow, personIds: (number | null)[]): Promise<MailContext | undefined> {
  const { tenantId } = ticket;
  const categoryId = ticket.categoryId ?? 0;
  const ids = [...new Set(personIds.filter((id): id is number => !!id))];
  const [[tenant], [settings], threadRows, people, subscribers, [custom], [category]] = await db.batch([
    db.select().from(tenants).where(eq(tenants.id, tenantId)),
    db.select({ settings: notificationSettings.settings }).from(notificationSettings).where(eq(notificationSettings.tenantId, tenantId)),
    db
      .select({ messageId: articles.messageId, direction: articles.direction })
      .from(articles)
      .where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticket.id), eq(articles.internal, false), isNotNull(articles.messageId)))
      .orderBy(asc(articles.id)),
    db.select(personColumns).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, ids.length ? ids : [-1]))),
    db
      .select(personColumns)
      .from(users)
      .where(and(eq(users.tenantId, tenantId), sql`${users.id} in (select user_id from ${ticketSubscribers} where tenant_id = ${tenantId} and ticket_id = ${ticket.id})`))
      .orderBy(users.id),
    db
      .select({ address: inboundAddresses.address })
      .from(inboundAddresses)
      .where(and(eq(inboundAddresses.tenantId, tenantId), eq(inboundAddresses.categoryId, categoryId), eq(inboundAddresses.kind, "custom")))
      .limit(1),
    db.select({ names: categories.names }).from(categories).where(and(eq(categories.tenantId, tenantId), eq(categories.id, categoryId))),
  ]);
  if (!tenant) return undefined;
  const replyTo =
    custom?.address ??
    (category ? categoryAddress(tenant.slug, categoryId, category.names.en ?? Object.values(category.names)[0] ?? "", mailDomain) : standardAddress(tenant.slug, mailDomain));
  return {
    tenant,
    settings: settingsFrom(settings),
    thread: threadFrom(threadRows),
    people,
    subscribers,
    replyTo,
  };
}
