import { and, count, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { parseOurMessageId } from "../channels/email/message-id";
import type { Db } from "../db/client";
import { articles, categories, inboundAddresses, ticketSubscribers, tenants, tickets, users } from "../db/schema";
import type { Bindings } from "../env";
import type { InboundMessage } from "./message";
import { userIdByAddress } from "./people";

const SUBJECT_TAG = /\[#(\d{1,12})\]/;
const MAX_THREAD_IDS = 30;
export const RATE_WINDOW_MS = 24 * 60 * 60 * 1000;

type TicketRow = typeof tickets.$inferSelect;

/** What the steps need to know from the database about one message, read in one round trip. */
export interface Facts {
  tenant: typeof tenants.$inferSelect | undefined;
  tenantAddresses: string[];
  /** The routed category, if it exists and is active. */
  categoryId: number | null;
  /** Ticket of an article that already carries this message's id (a duplicate delivery). */
  duplicateOfTicket: number | null;
  senderUser: { id: number; role: (typeof users.$inferSelect)["role"] } | null;
  /** The ticket `[#number]` in the subject names, and whether the sender subscribes to it. */
  subjectTicket: TicketRow | null;
  senderSubscribesSubjectTicket: boolean;
  /** Thread ids in order of preference: the bounced message, In-Reply-To, then References newest first. */
  threadIds: string[];
  /** Tickets our own signed ids name (genuine, this tenant), in the order of `threadIds`. */
  signedTickets: TicketRow[];
  /** Tickets of stored articles carrying one of the thread ids, with that id. */
  threadTickets: { messageId: string | null; ticket: TicketRow }[];
  /** Tickets this sender opened on this channel in the last 24 hours. */
  recentTicketsBySender: number;
}

/** The ids a message names as its ancestors, nearest first. */
export function threadIds(msg: InboundMessage): string[] {
  return [msg.deliveryReport?.originalMessageId, msg.inReplyTo, ...[...msg.references].reverse()]
    .filter((id): id is string => !!id)
    .filter((id, i, all) => all.indexOf(id) === i)
    .slice(0, MAX_THREAD_IDS);
}

/**
 * Reads everything the pipeline steps decide on in a single D1 batch: a message costs one
 * round trip for its decisions however many steps look at it.
 */
export async function loadFacts(db: Db, env: Pick<Bindings, "SECRET_KEY" | "MAIL_DOMAIN">, msg: InboundMessage, now: number): Promise<Facts> {
  const tenantId = msg.tenantId;
  const sender = msg.from?.address.toLowerCase() ?? "";
  const ids = threadIds(msg);
  const signed: number[] = [];
  for (const id of ids) {
    const ours = await parseOurMessageId(env.SECRET_KEY, env.MAIL_DOMAIN, id);
    if (ours && ours.tenantId === tenantId) signed.push(ours.ticketId);
  }
  const tag = SUBJECT_TAG.exec(msg.subject);
  const senderId = userIdByAddress(msg.channel, tenantId, sender);

  const [tenant, addresses, category, duplicate, senderUser, subjectTicket, subscribed, signedTickets, threadTickets, recent] = await db.batch([
    db.select().from(tenants).where(eq(tenants.id, tenantId)),
    db.select({ address: inboundAddresses.address }).from(inboundAddresses).where(eq(inboundAddresses.tenantId, tenantId)),
    db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.tenantId, tenantId), eq(categories.id, msg.categoryId ?? 0), eq(categories.active, true))),
    db.select({ ticketId: articles.ticketId }).from(articles).where(and(eq(articles.tenantId, tenantId), eq(articles.messageId, msg.externalId))).limit(1),
    db.select({ id: users.id, role: users.role }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, senderId))),
    db.select().from(tickets).where(and(eq(tickets.tenantId, tenantId), eq(tickets.number, tag ? Number(tag[1]) : -1))),
    db
      .select({ userId: ticketSubscribers.userId })
      .from(ticketSubscribers)
      .where(
        and(
          eq(ticketSubscribers.tenantId, tenantId),
          eq(ticketSubscribers.ticketId, sql`(select id from tickets where tenant_id = ${tenantId} and number = ${tag ? Number(tag[1]) : -1})`),
          eq(ticketSubscribers.userId, senderId),
        ),
      ),
    db.select().from(tickets).where(and(eq(tickets.tenantId, tenantId), inArray(tickets.id, signed.length ? signed : [-1]))),
    db
      .select({ messageId: articles.messageId, ticket: tickets })
      .from(articles)
      .innerJoin(tickets, eq(tickets.id, articles.ticketId))
      .where(and(eq(articles.tenantId, tenantId), inArray(articles.messageId, ids.length ? ids : [""])))
      .orderBy(desc(articles.id)),
    db
      .select({ n: count() })
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.customerId, senderId), eq(tickets.channel, msg.channel), gt(tickets.createdAt, now - RATE_WINDOW_MS))),
  ]);
  return {
    tenant: tenant[0],
    tenantAddresses: addresses.map((a) => a.address.toLowerCase()),
    categoryId: category[0]?.id ?? null,
    duplicateOfTicket: duplicate[0]?.ticketId ?? null,
    senderUser: sender ? (senderUser[0] ?? null) : null,
    subjectTicket: subjectTicket[0] ?? null,
    senderSubscribesSubjectTicket: subscribed.length > 0,
    threadIds: ids,
    signedTickets: signed.map((id) => signedTickets.find((t) => t.id === id)).filter((t): t is TicketRow => !!t),
    threadTickets,
    recentTicketsBySender: recent[0]?.n ?? 0,
  };
}
