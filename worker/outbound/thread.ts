import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { articles } from "../db/schema";

/** How many ids References keeps: the thread's start and its most recent messages. */
const MAX_REFERENCES = 20;

/**
 * The ids a new mail on the ticket continues: In-Reply-To is the customer's latest message
 * (else our latest), References the thread so far — so the customer's client files our
 * answer under their own conversation.
 */
export async function threadOf(db: Db, tenantId: number, ticketId: number): Promise<{ inReplyTo: string | null; references: string[] }> {
  const rows = await db
    .select({ messageId: articles.messageId, direction: articles.direction })
    .from(articles)
    .where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticketId), eq(articles.internal, false), isNotNull(articles.messageId)))
    .orderBy(asc(articles.id));
  const ids = rows.map((r) => r.messageId!).filter((id) => id.startsWith("<"));
  const lastInbound = rows.filter((r) => r.direction === "in").at(-1)?.messageId ?? null;
  const inReplyTo = lastInbound ?? ids.at(-1) ?? null;
  const unique = [...new Set(ids)];
  const references = unique.length > MAX_REFERENCES ? [unique[0]!, ...unique.slice(-(MAX_REFERENCES - 1))] : unique;
  return { inReplyTo, references };
}
