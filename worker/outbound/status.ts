import { z } from "@hono/zod-openapi";
import { and, asc, desc, eq, inArray, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../db/client";
import { deliveries, DELIVERY_STATUSES, outboundMails } from "../db/schema";

export const DeliverySchema = z
  .object({
    recipient: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    error: z.string().optional(),
  })
  .openapi("Delivery");

export type Delivery = z.infer<typeof DeliverySchema>;

/** The delivery rows of `articleIds` (a list or a subquery), as a read to put in a batch (see `deliveriesByArticle`). */
export const articleDeliveries = (db: Db, tenantId: number, articleIds: number[] | SQLWrapper) =>
  db
    .select({ articleId: deliveries.articleId, recipient: deliveries.recipient, status: deliveries.status, error: deliveries.error })
    .from(deliveries)
    .where(and(eq(deliveries.tenantId, tenantId), inArray(deliveries.articleId, articleIds)))
    .orderBy(asc(deliveries.id));

/** Per-recipient delivery status of each article's outgoing mail, by article id. */
export function deliveriesByArticle(rows: Awaited<ReturnType<typeof articleDeliveries>>): Map<number, Delivery[]> {
  const byArticle = new Map<number, Delivery[]>();
  for (const row of rows) {
    const list = byArticle.get(row.articleId!) ?? [];
    list.push({ recipient: row.recipient, status: row.status, ...(row.error ? { error: row.error } : {}) });
    byArticle.set(row.articleId!, list);
  }
  return byArticle;
}

/**
 * A page of the tenant's outgoing mail, newest first (all, or those in one state), each with
 * its recipients' delivery status: two reads however long the page.
 */
export async function outboxPage(db: Db, tenantId: number, query: { status?: (typeof outboundMails.$inferSelect)["status"]; limit: number }) {
  const mails = await db
    .select()
    .from(outboundMails)
    .where(and(eq(outboundMails.tenantId, tenantId), query.status ? eq(outboundMails.status, query.status) : undefined))
    .orderBy(desc(outboundMails.id))
    .limit(query.limit);
  const rows = mails.length
    ? await db
        .select({ mailId: deliveries.mailId, recipient: deliveries.recipient, status: deliveries.status, error: deliveries.error })
        .from(deliveries)
        .where(and(eq(deliveries.tenantId, tenantId), inArray(deliveries.mailId, mails.map((m) => m.id))))
        .orderBy(asc(deliveries.id))
    : [];
  return mails.map((mail) => ({ mail, recipients: rows.filter((r) => r.mailId === mail.id).map(({ mailId: _, ...r }) => r) }));
}
