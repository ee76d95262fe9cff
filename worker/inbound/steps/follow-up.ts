import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tickets } from "../../db/schema";
import type { Facts } from "../facts";
import type { Annotations, Step, TicketRef } from "../pipeline";
import { isStaff } from "./sender";

const MAX_MERGE_HOPS = 10;

type TicketRow = typeof tickets.$inferSelect;
type Match = { row: TicketRow; matchedBy: "subject_tag" | "signed_message_id" | "message_id" };

/** A ticket number in the subject counts only for people who already belong to that ticket. */
function subjectTagMatch(facts: Facts, sender: Annotations["sender"]): Match | null {
  const row = facts.subjectTicket;
  if (!row || !sender?.userId) return null;
  const belongs = isStaff(sender.role) || row.customerId === sender.userId || facts.senderSubscribesSubjectTicket;
  return belongs ? { row, matchedBy: "subject_tag" } : null;
}

/** One of our signed ids, else the nearest ancestor id carried by a stored article. */
function messageIdMatch(facts: Facts): Match | null {
  const signed = facts.signedTickets[0];
  if (signed) return { row: signed, matchedBy: "signed_message_id" };
  const nearest = facts.threadIds.map((id) => facts.threadTickets.find((t) => t.messageId === id)).find(Boolean);
  return nearest ? { row: nearest.ticket, matchedBy: "message_id" } : null;
}

async function followMerges(db: Db, row: TicketRow): Promise<TicketRow> {
  for (let hops = 0; row.mergedIntoId && hops < MAX_MERGE_HOPS; hops++) {
    const [next] = await db.select().from(tickets).where(and(eq(tickets.tenantId, row.tenantId), eq(tickets.id, row.mergedIntoId)));
    if (!next) break;
    row = next;
  }
  return row;
}

/**
 * Decides whether the message continues an existing ticket: by `[#number]` in the subject
 * (only for the ticket's own people), then by In-Reply-To/References. Follow-ups to a merged
 * ticket go to the ticket it was merged into; a follow-up to a resolved or closed ticket
 * reopens it, or opens a new linked ticket when the tenant prefers that for closed ones.
 * Auto-replies and bounces that match nothing stop here.
 */
export const followUpStep: Step = async (_msg, ann, { db, facts }) => {
  const match = subjectTagMatch(facts, ann.sender) ?? messageIdMatch(facts);
  if (!match) {
    if (ann.kind === "auto_reply") return { stop: { reason: "auto_reply", detail: "Automatic reply that matches no ticket" } };
    if (ann.kind === "bounce") return { stop: { reason: "bounce", detail: "Bounce of a message that matches no ticket" } };
    return;
  }

  const row = await followMerges(db, match.row);
  const ref: TicketRef = { id: row.id, number: row.number, status: row.status, customerId: row.customerId };
  const staffReply = !!ann.sender?.userId && isStaff(ann.sender.role);
  const closed = row.status === "resolved" || row.status === "closed";
  const isMessage = ann.kind === "message";

  if (isMessage && !staffReply && row.status === "closed" && ann.tenant!.settings.newTicketForClosedFollowUps) {
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
