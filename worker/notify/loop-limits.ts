import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { inList } from "../db/json-rows";
import { deliveries, outboundMails, type tickets } from "../db/schema";
import type { OutboundMailDraft } from "../outbound/outbox";
import type { NotificationSettings } from "./settings";

/** The loop limit's window: at most N automatic mails per ticket (and per recipient) in it. */
export const LOOP_WINDOW_MS = 10 * 60_000;

/** What an automatic mail carries into the outbox write, so that the write itself keeps the limits (see `withinLoopLimit`). */
export interface LoopLimit {
  since: number;
  perTicket: number;
  perRecipient: number;
  recipient: string;
  /** Its place among the write's automatic mails of the ticket, and among those to its recipient (from 1). */
  ticketRank: number;
  recipientRank: number;
}

/** Ids of a ticket's automatic mails in the window: for the counts read ahead and for the outbox insert's check. */
const windowMailIds = (tenantId: number | SQL, ticketId: number | SQL, since: number | SQL) =>
  sql`select m.id from ${outboundMails} m where m.tenant_id = ${tenantId} and m.ticket_id = ${ticketId} and m.automatic = 1 and m.created_at > ${since}`;

/** The same for the mail `value`, one member of the outbox insert's JSON array. */
const windowMails = windowMailIds(sql`value ->> 'tenantId'`, sql`value ->> 'ticketId'`, sql`value ->> '$.limit.since'`);

/**
 * The outbox insert's condition on each mail: true for a mail without a limit, and for one that
 * stays within it counting the automatic mails already written. The insert runs in its batch's
 * transaction and D1 runs one transaction at a time, so notices worked out at the same moment
 * (two consumer invocations on one ticket) cannot each pass a count that only one of them fits
 * under: `withinLoopLimits` drops what its own read already rules out, this what a concurrent
 * write took since.
 */
export const withinLoopLimit = sql`(value ->> 'limit' is null or (
  (select count(*) from (${windowMails})) + (value ->> '$.limit.ticketRank') <= value ->> '$.limit.perTicket'
  and (select count(distinct d.mail_id) from ${deliveries} d where d.tenant_id = value ->> 'tenantId' and d.recipient = value ->> '$.limit.recipient'
    and d.mail_id in (${windowMails})) + (value ->> '$.limit.recipientRank') <= value ->> '$.limit.perRecipient'))`;

/**
 * Automatic mails of the ticket in the window: how many in all, and per recipient among
 * `recipients` (lower-cased), in one round trip. The recipients' counts go through the
 * window's mails, not through the recipient's deliveries on all the tenant's tickets.
 */
async function automaticMailCounts(db: Db, tenantId: number, ticketId: number, since: number, recipients: string[]) {
  const recent = windowMailIds(tenantId, ticketId, since);
  const [[total], perRecipient] = await db.batch([
    db.select({ n: sql<number>`count(*)` }).from(sql`(${recent})`),
    db
      .select({ recipient: deliveries.recipient, n: sql<number>`count(distinct ${deliveries.mailId})` })
      .from(deliveries)
      .where(and(eq(deliveries.tenantId, tenantId), inList(deliveries.mailId, recent), inList(deliveries.recipient, recipients)))
      .groupBy(deliveries.recipient),
  ]);
  return { ticket: Number(total?.n ?? 0), byRecipient: new Map(perRecipient.map((r) => [r.recipient, Number(r.n)])) };
}

/**
 * Drops automatic mail beyond the per-ticket and per-recipient limits of the window, so two
 * robots answering each other stop quickly, and gives each mail it keeps its limit for the
 * outbox write to check again (see `withinLoopLimit`).
 */
export async function withinLoopLimits(
  db: Db,
  ticket: Pick<typeof tickets.$inferSelect, "tenantId" | "id">,
  drafts: OutboundMailDraft[],
  settings: Pick<NotificationSettings, "maxAutomaticMailsPerTicket" | "maxAutomaticMailsPerRecipient">,
): Promise<OutboundMailDraft[]> {
  if (drafts.length === 0) return drafts;
  const recipientOf = (draft: OutboundMailDraft) => draft.to[0]!.address.toLowerCase();
  const since = Date.now() - LOOP_WINDOW_MS;
  const counts = await automaticMailCounts(db, ticket.tenantId, ticket.id, since, [...new Set(drafts.map(recipientOf))]);
  let ticketCount = counts.ticket;
  const allowed: OutboundMailDraft[] = [];
  const ranks = new Map<string, number>();
  for (const draft of drafts) {
    if (ticketCount >= settings.maxAutomaticMailsPerTicket) {
      console.warn(`loop limit: ticket ${ticket.id} had ${ticketCount} automatic mails in 10 minutes; not sending more`);
      break;
    }
    const recipient = recipientOf(draft);
    const perRecipient = counts.byRecipient.get(recipient) ?? 0;
    if (perRecipient >= settings.maxAutomaticMailsPerRecipient) {
      console.warn(`loop limit: ${recipient} had ${perRecipient} automatic mails on ticket ${ticket.id} in 10 minutes; skipped`);
      continue;
    }
    const recipientRank = (ranks.get(recipient) ?? 0) + 1;
    ranks.set(recipient, recipientRank);
    const loopLimit: LoopLimit = {
      since,
      perTicket: settings.maxAutomaticMailsPerTicket,
      perRecipient: settings.maxAutomaticMailsPerRecipient,
      recipient,
      ticketRank: allowed.length + 1,
      recipientRank,
    };
    allowed.push({ ...draft, loopLimit });
    ticketCount++;
    counts.byRecipient.set(recipient, perRecipient + 1);
  }
  return allowed;
}
