import { z } from "@hono/zod-openapi";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { deliveries, DELIVERY_STATUSES } from "../db/schema";

export const DeliverySchema = z
  .object({
    recipient: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    error: z.string().optional(),
  })
  .openapi("Delivery");

export type Delivery = z.infer<typeof DeliverySchema>;

/** Per-recipient delivery status of each article's outgoing mail, by article id. */
export async function deliveriesOf(db: Db, tenantId: number, articleIds: number[]): Promise<Map<number, Delivery[]>> {
  const byArticle = new Map<number, Delivery[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db
    .select({ articleId: deliveries.articleId, recipient: deliveries.recipient, status: deliveries.status, error: deliveries.error })
    .from(deliveries)
    .where(and(eq(deliveries.tenantId, tenantId), inArray(deliveries.articleId, articleIds)))
    .orderBy(asc(deliveries.id));
  for (const row of rows) {
    const list = byArticle.get(row.articleId!) ?? [];
    list.push({ recipient: row.recipient, status: row.status, ...(row.error ? { error: row.error } : {}) });
    byArticle.set(row.articleId!, list);
  }
  return byArticle;
}
