import { and, desc, eq, inArray } from "drizzle-orm";
import { parseOurMessageId } from "../../channels/email/message-id";
import type { Db } from "../../db/client";
import { articles, ticketSubscribers, tickets } from "../../db/schema";
import type { Annotations, Step, TicketRef } from "../pipeline";
import { isStaff } from "./sender";

const SUBJECT_TAG = /\[#(\d{1,12})\]/;
const MAX_REFERENCES = 30;
const MAX_MERGE_HOPS = 10;

type TicketRow = typeof tickets.$inferSelect;

async function ticketBy(db: Db, tenantId: number, where: { id: number } | { number: number }): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), "id" in where ? eq(tickets.id, where.id) : eq(tickets.number, where.number)));
  return row;
}

/** A ticket number in the subject counts only for people who already belong to that ticket. */
async function mayUseSubjectTag(db: Db, ticket: TicketRow, sender: Annotations["sender"]): Promise<boolean> {
  if (!sender?.userId) return false;
  if (isStaff(sender.role) || ticket.customerId === sender.userId) return true;
  const [sub] = await db
    .select({ userId: ticketSubscribers.userId })
    .from(ticketSubscribers)
    .where(and(eq(ticketSubscribers.tenantId, ticket.tenantId), eq(ticketSubscribers.ticketId, ticket.id), eq(ticketSubscribers.userId, sender.userId)));
  return !!sub;
}

/** The ticket one of our signed ids names, else the ticket of any article carrying one of the ids. */
async function ticketByMessageIds(db: Db, env: { SECRET_KEY: string; MAIL_DOMAIN: string }, tenantId: number, ids: string[]) {
  for (const id of ids) {
    const ours = await parseOurMessageId(env.SECRET_KEY, env.MAIL_DOMAIN, id);
    if (ours && ours.tenantId === tenantId) {
      const row = await ticketBy(db, tenantId, { id: ours.ticketId });
      if (row) return { row, matchedBy: "signed_message_id" as const };
    }
  }
  if (!ids.length) return null;
  const found = await db
    .select({ ticketId: articles.ticketId, messageId: articles.messageId })
    .from(articles)
    .where(and(eq(articles.tenantId, tenantId), inArray(articles.messageId, ids)))
    .orderBy(desc(articles.id));
  // The nearest ancestor wins: ids are ordered In-Reply-To first, then References newest first.
  const best = ids.map((id) => found.find((f) => f.messageId === id)).find(Boolean);
  const row = best && (await ticketBy(db, tenantId, { id: best.ticketId }));
  return row ? { row, matchedBy: "message_id" as const } : null;
}

/**
 * Decides whether the message continues an existing ticket: by `[#number]` in the subject
 * (only for the ticket's own people), then by In-Reply-To/References. Follow-ups to a merged
 * ticket go to the ticket it was merged into; a follow-up to a resolved or closed ticket
 * reopens it, or opens a new linked ticket when the tenant prefers that for closed ones.
 * Auto-replies and bounces that match nothing stop here.
 */
export const followUpStep: Step = async (msg, ann, { db, env }) => {
  const tenantId = msg.tenantId;
  let match: { row: TicketRow; matchedBy: "subject_tag" | "signed_message_id" | "message_id" } | null = null;

  const tag = SUBJECT_TAG.exec(msg.subject);
  if (tag) {
    const row = await ticketBy(db, tenantId, { number: Number(tag[1]) });
    if (row && (await mayUseSubjectTag(db, row, ann.sender))) match = { row, matchedBy: "subject_tag" };
  }
  if (!match) {
    const ids = [msg.deliveryReport?.originalMessageId, msg.inReplyTo, ...[...msg.references].reverse()]
      .filter((id): id is string => !!id)
      .filter((id, i, all) => all.indexOf(id) === i)
      .slice(0, MAX_REFERENCES);
    match = await ticketByMessageIds(db, env, tenantId, ids);
  }

  if (!match) {
    if (ann.kind === "auto_reply") return { stop: { reason: "auto_reply", detail: "Automatic reply that matches no ticket" } };
    if (ann.kind === "bounce") return { stop: { reason: "bounce", detail: "Bounce of a message that matches no ticket" } };
    return;
  }

  let row = match.row;
  for (let hops = 0; row.mergedIntoId && hops < MAX_MERGE_HOPS; hops++) {
    const next = await ticketBy(db, tenantId, { id: row.mergedIntoId });
    if (!next) break;
    row = next;
  }
  const ref: TicketRef = { id: row.id, number: row.number, status: row.status, customerId: row.customerId };
  const staffReply = !!ann.sender?.userId && isStaff(ann.sender.role);
  const closed = row.status === "resolved" || row.status === "closed";
  const isMessage = ann.kind === "message";

  if (closed && isMessage && !staffReply && row.status === "closed" && ann.tenant!.settings.newTicketForClosedFollowUps) {
    return { annotate: { followUp: null, newTicketParentId: row.id } };
  }
  return {
    annotate: {
      followUp: { ...ref, matchedBy: match.matchedBy },
      reopen: closed && isMessage && !staffReply,
      // An agent writing to the tenant address on a ticket is answering it.
      direction: staffReply && isMessage ? "out" : "in",
    },
  };
};
