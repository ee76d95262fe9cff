import { and, eq, gt, lt, ne } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiTokens, sessions, tenants, users } from "../db/schema";
import type { Actor } from "../env";
import { constantTimeEqual, randomToken, sha256Hex } from "./crypto";

export const SESSION_COOKIE = "edgedesk_session";
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
export const TOKEN_PREFIX = "edk_";

/** Creates a session and returns the cookie value (only its hash is stored). */
export async function createSession(db: Db, tenantId: number, userId: number): Promise<string> {
  const token = randomToken();
  await db.insert(sessions).values({
    tokenHash: await sha256Hex(token),
    tenantId,
    userId,
    expiresAt: Date.now() + SESSION_TTL_MS,
  });
  return token;
}

export async function deleteSession(db: Db, token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
}

/** Signs a user out everywhere but in the session `keepToken` (after a password change). */
export async function deleteOtherSessions(db: Db, tenantId: number, userId: number, keepToken: string | undefined) {
  const others = and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), keepToken ? ne(sessions.tokenHash, await sha256Hex(keepToken)) : undefined);
  await db.delete(sessions).where(others);
}

export async function deleteExpiredSessions(db: Db, now = Date.now()) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

/** The caller's user and tenant, read in the same query as the credential. */
const actorColumns = { user: users, tenantSlug: tenants.slug, tenantLocale: tenants.defaultLocale };

type ActorRow = { user: typeof users.$inferSelect; tenantSlug: string; tenantLocale: string };

function toActor(row: ActorRow | undefined, via: Actor["via"]): Actor | null {
  if (!row?.user.active) return null;
  const { id: userId, tenantId, role, limitedToCategories, company, locale } = row.user;
  return { tenantId, userId, role, via, limitedToCategories, company, tenantSlug: row.tenantSlug, locale: locale ?? row.tenantLocale };
}

// Each credential is resolved in one D1 round trip: every request pays for this, so it must be cheap.
export async function actorFromSession(db: Db, token: string): Promise<Actor | null> {
  const hash = await sha256Hex(token);
  const [row] = await db
    .select({ ...actorColumns, tokenHash: sessions.tokenHash })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.userId), eq(users.tenantId, sessions.tenantId)))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, Date.now())));
  if (!row || !constantTimeEqual(row.tokenHash, hash)) return null;
  return toActor(row, "session");
}

export async function actorFromApiToken(db: Db, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = await sha256Hex(token);
  const [[row]] = await db.batch([
    db
      .select({ ...actorColumns, tokenHash: apiTokens.tokenHash })
      .from(apiTokens)
      .innerJoin(users, and(eq(users.id, apiTokens.userId), eq(users.tenantId, apiTokens.tenantId)))
      .innerJoin(tenants, eq(tenants.id, apiTokens.tenantId))
      .where(eq(apiTokens.tokenHash, hash)),
    db.update(apiTokens).set({ lastUsedAt: Date.now() }).where(eq(apiTokens.tokenHash, hash)),
  ]);
  if (!row || !constantTimeEqual(row.tokenHash, hash)) return null;
  return toActor(row, "token");
}
