import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { ticketSubscribers, ticketUnsubscribes } from "../db/schema";
import type { Bindings } from "../env";
import { handleBounce } from "../outbound/bounces";
import { ticketRoom } from "../realtime/ticket-room.do";
import type { ArticleInput } from "../tickets/articles";
import { createTicket } from "../tickets/service";
import type { InboundMessage } from "./message";
import { ensurePerson } from "./people";
import type { Annotations } from "./pipeline";

export interface IngestResult {
  outcome: "ticket" | "follow_up" | "duplicate";
  ticketId: number | null;
  articleId: number | null;
  /** Whether an automatic answer (auto-reply, notification) may be sent back for this message. */
  mayAutoAnswer: boolean;
}

function bounceSummary(msg: InboundMessage): string {
  const r = msg.deliveryReport;
  if (!r) return msg.text;
  const what = [r.statusCode, r.diagnostic].filter(Boolean).join(" ");
  return `Delivery to ${r.recipient ?? "a recipient"} failed${what ? `: ${what}` : ""}.\n\n${msg.text}`.trim();
}

/**
 * Writes what the pipeline decided: the users it named, then the message as a new ticket
 * or as an article appended through the ticket's TicketRoom (the one writer per ticket), its
 * files recorded in the same writes, so whoever hears of the message finds them.
 * A copy of a message that is already stored adds nothing.
 */
export async function ingest(env: Bindings, db: Db, msg: InboundMessage, ann: Annotations): Promise<IngestResult> {
  const tenantId = msg.tenantId;
  const mayAutoAnswer = ann.mayAutoAnswer;
  const senderId = ann.sender ? await ensurePerson(db, tenantId, msg.channel, ann.sender) : null;
  const article: ArticleInput = {
    channel: msg.channel,
    direction: ann.direction,
    internal: ann.internal || ann.kind === "bounce",
    kind: ann.kind,
    from: msg.from,
    to: msg.to,
    cc: msg.cc,
    subject: ann.subject,
    text: ann.kind === "bounce" ? bounceSummary(msg) : msg.text,
    html: ann.kind === "bounce" ? null : msg.html,
    messageId: msg.externalId,
    inReplyTo: msg.inReplyTo,
    references: msg.references,
    authorId: senderId,
    files: msg.attachments,
  };

  if (ann.followUp) {
    const ticketId = ann.followUp.id;
    const status = ann.close ? "closed" : ann.reopen ? "open" : undefined;
    const appended = await ticketRoom(env, tenantId, ticketId).append({ tenantId, ticketId, article, status });
    if (appended.duplicate) return { outcome: "duplicate", ticketId, articleId: null, mayAutoAnswer: false };
    if (ann.unsubscribe && senderId) {
      await db.batch([
        db.delete(ticketSubscribers).where(and(eq(ticketSubscribers.tenantId, tenantId), eq(ticketSubscribers.ticketId, ticketId), eq(ticketSubscribers.userId, senderId))),
        db.insert(ticketUnsubscribes).values({ tenantId, ticketId, userId: senderId, createdAt: Date.now() }).onConflictDoNothing(),
      ]);
    }
    const report = msg.deliveryReport;
    if (ann.kind === "bounce" && report?.originalMessageId && report.recipient) {
      await handleBounce(env, db, {
        tenantId,
        messageId: report.originalMessageId,
        recipient: report.recipient,
        statusCode: report.statusCode,
        permanent: report.permanent,
        diagnostic: report.diagnostic,
      });
    }
    return { outcome: "follow_up", ticketId, articleId: appended.articleId, mayAutoAnswer };
  }

  const customerId = ann.customer ? await ensurePerson(db, tenantId, msg.channel, ann.customer) : senderId;
  const subscriberIds: number[] = [];
  for (const person of ann.subscribers) {
    const id = await ensurePerson(db, tenantId, msg.channel, person);
    if (id !== customerId) subscriberIds.push(id);
  }
  const created = await createTicket(db, {
    tenantId,
    subject: ann.subject.slice(0, 500),
    channel: msg.channel,
    customerId,
    categoryId: ann.categoryId,
    status: ann.close ? "closed" : "new",
    parentId: ann.newTicketParentId,
    subscriberIds,
    actorId: senderId,
    article,
  });
  if (created.duplicate) return { outcome: "duplicate", ticketId: null, articleId: null, mayAutoAnswer: false };
  return { outcome: "ticket", ticketId: created.ticketId, articleId: null, mayAutoAnswer };
}
