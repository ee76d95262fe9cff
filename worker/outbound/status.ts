import { z } from "@hono/zod-openapi";
import { and, asc, desc, eq, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../db/client";
import { inList } from "../db/json-rows";
import { deliveries, DELIVERY_STATUSES, outboundMails } from "../db/schema";

export const DeliverySchema = z
  .object({
    recipient: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    error: z.string().optional(),
  })
  .openapi("Delivery");

export type Delivery = z.infer<typeof DeliverySchema>;

/**
 * The delivery rows of the articles or the mails `ids` (a list or a subquery), as a read to put
 * in a batch; `deliveriesBy` groups them per article or mail.
 */
export const deliveryRows = (db: Db, tenantId: number, of: "articleId" | "mailId", ids: number[] | SQLWrapper) =>
  db
    .select({ of: deliveries[of], recipient: deliveries.recipient, status: deliveries.status, error: deliveries.error })
    .from(deliveries)
    .where(and(eq(deliveries.tenantId, tenantId), inList(deliveries[of], ids)))
    // The index's own order ((tenant, article or mail), then id): nothing to sort.
    .orderBy(asc(deliveries[of]), asc(deliveries.id));

/** Per-recipient delivery status, by the article or mail the rows were read for. */
export function deliveriesBy(rows: Awaited<ReturnType<typeof deliveryRows>>): Map<number, Delivery[]> {
  const grouped = new Map<number, Delivery[]>();
  for (const row of rows) {
    const list = grouped.get(row.of!) ?? [];
    list.push({ recipient: row.recipient, status: row.status, ...(row.error ? { error: row.error } : {}) });
    grouped.set(row.of!, list);
  }
  return grouped;
}

/**
 * A page of the tenant's outgoing mail, newest first (all, or those in one state), each with
 * its recipients' delivery status, in one round trip however long the page.
 */
export async function outboxPage(db: Db, tenantId: number, query: { status?: (typeof outboundMails.$inferSelect)["status"]; limit: number }) {
  const ofPage = and(eq(outboundMails.tenantId, tenantId), query.status ? eq(outboundMails.status, query.status) : undefined);
  const newest = desc(outboundMails.id);
  const [mails, rows] = await db.batch([
    db.select().from(outboundMails).where(ofPage).orderBy(newest).limit(query.limit),
    deliveryRows(db, tenantId, "mailId", db.select({ id: outboundMails.id }).from(outboundMails).where(ofPage).orderBy(newest).limit(query.limit)),
  ]);
  const sent = deliveriesBy(rows);
  return mails.map((mail) => ({ mail, recipients: sent.get(mail.id) ?? [] }));
}
