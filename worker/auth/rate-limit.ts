import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { rateLimits } from "../db/schema";
import { RateLimitedError } from "../http/errors";

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/**
 * Counts one attempt against a fixed window and throws once the window is full.
 * One upsert statement, so concurrent attempts cannot both slip under the limit.
 */
export async function hit(db: Db, { key, max, windowMs }: Limit, now = Date.now()): Promise<void> {
  const windowStart = now - (now % windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} = ${windowStart} then ${rateLimits.count} + 1 else 1 end`,
        windowStart,
      },
    })
    .returning({ count: rateLimits.count });
  if (row && row.count > max) throw new RateLimitedError(Math.ceil((windowStart + windowMs - now) / 1000));
}

export async function deleteStaleLimits(db: Db, olderThan: number) {
  await db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${olderThan}`);
}
