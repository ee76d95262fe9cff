import { and, eq, gt, lt } from "drizzle-orm";
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

export async function deleteExpiredSessions(db: Db, now = Date.now()) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

async function activeActor(db: Db, tenantId: number, userId: number, via: Actor["via"]): Promise<Actor | null> {
  const [row] = await db
    .select({ user: users, tenantSlug: tenants.slug, tenantLocale: tenants.defaultLocale })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  if (!row?.user.active) return null;
  const { role, limitedToCategories, company, locale } = row.user;
  return { tenantId, userId, role, via, limitedToCategories, company, tenantSlug: row.tenantSlug, locale: locale ?? row.tenantLocale };
}

export async function actorFromSession(db: Db, token: string): Promise<Actor | null> {
  const hash = await sha256Hex(token);
  const row = await db.query.sessions.findFirst({
    where: and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, Date.now())),
  });
  if (!row || !constantTimeEqual(row.tokenHash, hash)) return null;
  return activeActor(db, row.tenantId, row.userId, "session");
}

export async function actorFromApiToken(db: Db, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = await sha256Hex(token);
  const row = await db.query.apiTokens.findFirst({ where: eq(apiTokens.tokenHash, hash) });
  if (!row || !constantTimeEqual(row.tokenHash, hash)) return null;
  await db.update(apiTokens).set({ lastUsedAt: Date.now() }).where(eq(apiTokens.id, row.id));
  return activeActor(db, row.tenantId, row.userId, "token");
}
