import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { inList } from "../db/json-rows";
import { deliveries, outboundMails, type tickets } from "../db/schema";
import type { OutboundMailDraft } from "../outbound/outbox";
import type { NotificationSettings } from "./settings";

/** The loop limit's window: at most N automatic mails per ticket (and per recipient) in it. */
export const LOOP_WINDOW_MS = 10 * 60_000;

/**
 * Automatic mails of the ticket in the window: how many in all, and per recipient among
 * `recipients` (lower-cased), in one round trip. The recipients' counts go through the
 * window's mails, not through the recipient's deliveries on all the tenant's tickets.
 */
async function automaticMailCounts(db: Db, tenantId: number, ticketId: number, since: number, recipients: string[]) {
  const recent = and(eq(outboundMails.tenantId, tenantId), eq(outboundMails.ticketId, ticketId), eq(outboundMails.automatic, true), gt(outboundMails.createdAt, since));
  const [[total], perRecipient] = await db.batch([
    db.select({ n: sql<number>`count(*)` }).from(outboundMails).where(recent),
    db
      .select({ recipient: deliveries.recipient, n: sql<number>`count(distinct ${deliveries.mailId})` })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.tenantId, tenantId),
          inArray(deliveries.mailId, db.select({ id: outboundMails.id }).from(outboundMails).where(recent)),
          inList(deliveries.recipient, recipients),
        ),
      )
      .groupBy(deliveries.recipient),
  ]);
  return { ticket: Number(total?.n ?? 0), byRecipient: new Map(perRecipient.map((r) => [r.recipient, Number(r.n)])) };
}

/**
 * Drops automatic mail beyond the per-ticket and per-recipient limits of the window, so two
 * robots answering each other stop quickly.
 */
export async function withinLoopLimits(
  db: Db,
  ticket: Pick<typeof tickets.$inferSelect, "tenantId" | "id">,
  drafts: OutboundMailDraft[],
  settings: Pick<NotificationSettings, "maxAutomaticMailsPerTicket" | "maxAutomaticMailsPerRecipient">,
): Promise<OutboundMailDraft[]> {
  if (drafts.length === 0) return drafts;
  const recipientOf = (draft: OutboundMailDraft) => draft.to[0]!.address.toLowerCase();
  const counts = await automaticMailCounts(db, ticket.tenantId, ticket.id, Date.now() - LOOP_WINDOW_MS, [...new Set(drafts.map(recipientOf))]);
  let ticketCount = counts.ticket;
  const allowed: OutboundMailDraft[] = [];
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
    allowed.push(draft);
    ticketCount++;
    counts.byRecipient.set(recipient, perRecipient + 1);
  }
  return allowed;
}
