import { and, eq } from "drizzle-orm";
import { articles } from "../../db/schema";
import type { Step } from "../pipeline";

/**
 * A message already stored for this tenant adds nothing. Two copies arriving at the same
 * moment both pass here; the unique (tenant, message_id) index then refuses the second write.
 */
export const dedupeStep: Step = async (msg, _ann, { db }) => {
  const [found] = await db
    .select({ ticketId: articles.ticketId })
    .from(articles)
    .where(and(eq(articles.tenantId, msg.tenantId), eq(articles.messageId, msg.externalId)))
    .limit(1);
  if (found) return { stop: { reason: "duplicate", detail: `Message ${msg.externalId} was already received`, ticketId: found.ticketId } };
};
