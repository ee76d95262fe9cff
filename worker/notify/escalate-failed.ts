import { and, eq, inArray } from "drizzle-orm";
import { ourMessageId } from "../channels/email/message-id";
import { createDb } from "../db/client";
import { inList } from "../db/json-rows";
import { deliveries, outboundMails, tickets, userEmails } from "../db/schema";
import type { Bindings } from "../env";
import { queueMails } from "../outbound/outbox";
import { peopleByIds } from "../outbound/people";
import { withinLoopLimits } from "./loop-limits";
import { resolveRecipients } from "./recipients";
import { loadNotificationSettings } from "./settings";

/**
 * A notification that could not be delivered to a staff member goes to the next group of
 * the escalation chain that has someone reachable (category agents → category managers →
 * all agents → admins), as the same mail. Customers' mail never escalates to staff.
 * The copies are automatic mail like any notice, so they keep the ticket's loop limits: a
 * robot bouncing every notice cannot make the chain mail the whole staff again and again.
 * Returns how many copies were queued.
 */
export async function escalateFailedNotification(env: Bindings, tenantId: number, mailId: number): Promise<number> {
  const db = createDb(env.DB);
  const mail = await db.query.outboundMails.findFirst({ where: and(eq(outboundMails.tenantId, tenantId), eq(outboundMails.id, mailId)) });
  if (!mail?.ticketId || mail.kind !== "notification") return 0;
  const ticket = await db.query.tickets.findFirst({ where: and(eq(tickets.tenantId, tenantId), eq(tickets.id, mail.ticketId)) });
  if (!ticket) return 0;
  const failed = await db
    .select({ recipient: deliveries.recipient })
    .from(deliveries)
    .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.mailId, mail.id), inArray(deliveries.status, ["failed", "bounced"])));
  if (failed.length === 0) return 0;
  const owners = await db
    .select({ userId: userEmails.userId })
    .from(userEmails)
    .where(and(eq(userEmails.tenantId, tenantId), inList(userEmails.email, failed.map((f) => f.recipient))));
  const staff = (await peopleByIds(db, tenantId, owners.map((o) => o.userId))).filter((p) => p.role !== "customer");
  if (staff.length === 0) return 0;

  // The unreachable person stands where the chain starts: as if named by the assignee rule,
  // their replacement is the first group below them with someone who can be mailed.
  const unreachable = new Set(failed.map((f) => f.recipient));
  const replacements = (await resolveRecipients(db, env.MAIL_DOMAIN, { ...ticket, assigneeId: staff[0]!.id }, { recipients: ["assignee"], extraAgentIds: [], extraAddresses: [] }, { actorId: null, failedAddresses: unreachable })).filter(
    (r) => !unreachable.has(r.email.toLowerCase()),
  );
  const drafts = await Promise.all(
    replacements.map(async (r) => ({
      tenantId,
      ticketId: ticket.id,
      kind: "notification" as const,
      automatic: true,
      messageId: await ourMessageId(env.SECRET_KEY, env.MAIL_DOMAIN, tenantId, ticket.id),
      articleMessageId: null,
      from: mail.from,
      replyTo: mail.replyTo,
      to: [{ name: r.person?.name, address: r.email }],
      cc: [],
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      attachmentIds: mail.attachmentIds,
    })),
  );
  const allowed = await withinLoopLimits(db, ticket, drafts, await loadNotificationSettings(db, tenantId));
  await queueMails(env, db, allowed);
  return allowed.length;
}
