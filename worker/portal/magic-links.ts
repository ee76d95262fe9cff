import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { constantTimeEqual, randomToken, sha256Hex } from "../auth/crypto";
import type { Db } from "../db/client";
import { magicLinks, users } from "../db/schema";

/**
 * Customers sign in with a link from their mailbox, and invited agents choose their first
 * password through one; it stays valid for three days.
 */
export const MAGIC_LINK_TTL_MS = 3 * 24 * 3600 * 1000;

/** Who a link is for: it only works on its own page (a customer's never sets an agent's password). */
type LinkFor = "customer" | "staff";
const PAGES: Record<LinkFor, string> = { customer: "/portal/login", staff: "/invitation" };

/** Makes a one-time link for a user; only the token's hash is stored. */
export async function createMagicLink(db: Db, appUrl: string, tenantId: number, userId: number, linkFor: LinkFor = "customer", now = Date.now()) {
  const token = randomToken();
  await db.insert(magicLinks).values({ tokenHash: await sha256Hex(token), tenantId, userId, expiresAt: now + MAGIC_LINK_TTL_MS, createdAt: now });
  const url = new URL(PAGES[linkFor], appUrl);
  url.searchParams.set("token", token);
  return { url: url.toString(), expiresAt: now + MAGIC_LINK_TTL_MS };
}

/**
 * Spends a link: returns whom it signs in, or null when it is unknown, used, expired, or its
 * user is deactivated or of the other kind. One statement checks all that and claims the link,
 * so two clicks cannot both sign in, and a link tried on the wrong page is not spent.
 */
export async function redeemMagicLink(db: Db, token: string, linkFor: LinkFor = "customer", now = Date.now()): Promise<{ tenantId: number; userId: number } | null> {
  const hash = await sha256Hex(token);
  const roles = linkFor === "customer" ? sql`users.role = 'customer'` : sql`users.role <> 'customer'`;
  const [claimed] = await db
    .update(magicLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(magicLinks.tokenHash, hash),
        isNull(magicLinks.usedAt),
        gt(magicLinks.expiresAt, now),
        sql`exists (select 1 from ${users} where users.tenant_id = ${magicLinks.tenantId} and users.id = ${magicLinks.userId} and users.active = 1 and ${roles})`,
      ),
    )
    .returning();
  if (!claimed || !constantTimeEqual(claimed.tokenHash, hash)) return null;
  return { tenantId: claimed.tenantId, userId: claimed.userId };
}

export async function deleteExpiredMagicLinks(db: Db, now = Date.now()) {
  await db.delete(magicLinks).where(lt(magicLinks.expiresAt, now));
}
