import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { constantTimeEqual, randomToken, sha256Hex } from "../auth/crypto";
import type { Db } from "../db/client";
import { magicLinks, users } from "../db/schema";

/** Customers sign in with a link from their mailbox; it stays valid for three days. */
export const MAGIC_LINK_TTL_MS = 3 * 24 * 3600 * 1000;

/** Makes a one-time sign-in link for a customer; only the token's hash is stored. */
export async function createMagicLink(db: Db, appUrl: string, tenantId: number, userId: number, now = Date.now()) {
  const token = randomToken();
  await db.insert(magicLinks).values({ tokenHash: await sha256Hex(token), tenantId, userId, expiresAt: now + MAGIC_LINK_TTL_MS, createdAt: now });
  const url = new URL("/portal/login", appUrl);
  url.searchParams.set("token", token);
  return { url: url.toString(), expiresAt: now + MAGIC_LINK_TTL_MS };
}

/**
 * Spends a link: returns whom it signs in, or null when it is unknown, used or expired.
 * The update claims the link in one statement, so two clicks cannot both sign in.
 */
export async function redeemMagicLink(db: Db, token: string, now = Date.now()): Promise<{ tenantId: number; userId: number } | null> {
  const hash = await sha256Hex(token);
  const [claimed] = await db
    .update(magicLinks)
    .set({ usedAt: now })
    .where(and(eq(magicLinks.tokenHash, hash), isNull(magicLinks.usedAt), gt(magicLinks.expiresAt, now)))
    .returning();
  if (!claimed || !constantTimeEqual(claimed.tokenHash, hash)) return null;
  const user = await db.query.users.findFirst({ where: and(eq(users.tenantId, claimed.tenantId), eq(users.id, claimed.userId)) });
  if (!user?.active || user.role !== "customer") return null;
  return { tenantId: claimed.tenantId, userId: claimed.userId };
}

export async function deleteExpiredMagicLinks(db: Db, now = Date.now()) {
  await db.delete(magicLinks).where(lt(magicLinks.expiresAt, now));
}
