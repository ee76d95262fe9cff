import { and, desc, eq } from "drizzle-orm";
import { auditStatement } from "../audit/record";
import type { Db } from "../db/client";
import { articles } from "../db/schema";
import type { Actor } from "../env";
import { ForbiddenError, NotFoundError } from "../http/errors";

type ArticleRow = typeof articles.$inferSelect;

/**
 * Staff correct messages: an agent their own, an admin any. Auto-replies and bounces are
 * evidence of what a remote server said and stay as received.
 */
function assertEditable(actor: Actor, article: ArticleRow) {
  if (article.kind !== "message") throw new ForbiddenError("Auto-replies and bounces are kept as received");
  if (actor.role !== "admin" && article.authorId !== actor.userId) throw new ForbiddenError("Agents can only edit their own messages");
}

/**
 * Replaces one message's text and html (already sanitised), keeping the previous version in
 * the audit log. Only the stored article changes: mail it sent (or still sends) keeps its own
 * copy in the outbox, so an edit never mails anyone again. Tells whether the message is the
 * ticket's last public one, which is what the "last reply edited" notification is about.
 */
export async function editArticle(db: Db, actor: Actor, ticketId: number, articleId: number, content: { text: string; html: string | null }): Promise<{ lastPublic: boolean }> {
  const { tenantId } = actor;
  const where = and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticketId), eq(articles.id, articleId));
  const current = await db.query.articles.findFirst({ where });
  if (!current) throw new NotFoundError("Article");
  assertEditable(actor, current);
  const [, , [last]] = await db.batch([
    db.update(articles).set(content).where(where),
    auditStatement(db, {
      tenantId,
      actorId: actor.userId,
      entity: "article",
      entityId: articleId,
      action: "edited",
      changes: { ticketId, text: { from: current.text, to: content.text }, html: { from: current.html, to: content.html } },
    }),
    db
      .select({ id: articles.id })
      .from(articles)
      .where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticketId), eq(articles.internal, false), eq(articles.kind, "message")))
      .orderBy(desc(articles.id))
      .limit(1),
  ]);
  return { lastPublic: last?.id === articleId };
}
