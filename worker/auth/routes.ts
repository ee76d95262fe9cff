import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { and, asc, eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { apiTokens, tenants, users } from "../db/schema";
import type { AppEnv } from "../env";
import { NotFoundError, UnauthorizedError, ValidationError } from "../http/errors";
import { assertSameOrigin } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { SignupResultSchema, SignupSchema } from "../tenants/schemas";
import { createTenant, tenantJson, tenantRow } from "../tenants/service";
import { userRepo } from "../users/repo";
import { DUMMY_PASSWORD_HASH, randomToken, sha256Hex, verifyPassword } from "./crypto";
import { hit } from "./rate-limit";
import { redeemMagicLink } from "../portal/magic-links";
import { CreatedTokenSchema, InvitationSchema, LoginSchema, MePatchSchema, MeSchema, NewTokenSchema, TokenSchema } from "./schemas";
import { createSession, deleteOtherSessions, deleteSession, SESSION_COOKIE, SESSION_TTL_MS, TOKEN_PREFIX } from "./sessions";

const tags = ["Auth"];
const MINUTE = 60_000;

const clientIp = (c: Context<AppEnv>) => c.req.header("CF-Connecting-IP") ?? "unknown";

/** Sign-in pages are same-origin; a foreign Origin on them is a login-CSRF attempt. */
const refuseForeignOrigin = (c: Context<AppEnv>) => {
  if (c.req.header("Origin")) assertSameOrigin(c.req.raw, c.env.APP_URL);
};

async function startSession(c: Context<AppEnv>, tenantId: number, userId: number) {
  const token = await createSession(createDb(c.env.DB), tenantId, userId);
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: SESSION_TTL_MS / 1000 });
}

const tokenJson = (t: typeof apiTokens.$inferSelect) => ({
  id: t.id,
  name: t.name,
  userId: t.userId,
  createdAt: new Date(t.createdAt).toISOString(),
  lastUsedAt: t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : null,
});

/** Routes anyone may call: health, sign-up and login. */
export const publicAuthRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/health", tags: ["System"], responses: { 200: jsonContent(z.object({ ok: z.literal(true) })) } }),
    (c) => c.json({ ok: true as const }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/signup",
      tags,
      description: "Creates a tenant, its admin and default category, and signs the admin in.",
      request: { body: jsonBody(SignupSchema) },
      responses: { 201: jsonContent(SignupResultSchema, "Created"), ...errorResponses, 409: jsonContent(z.any(), "Slug taken"), 429: jsonContent(z.any(), "Too many sign-ups") },
    }),
    async (c) => {
      refuseForeignOrigin(c);
      const db = createDb(c.env.DB);
      await hit(db, { key: `signup:ip:${clientIp(c)}`, max: 10, windowMs: 60 * MINUTE });
      const result = await createTenant(db, c.req.valid("json"), c.env.MAIL_DOMAIN);
      await startSession(c, result.tenant.id, result.user.id);
      return c.json(result, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/login",
      tags,
      request: { body: jsonBody(LoginSchema) },
      responses: { 200: jsonContent(MeSchema), ...errorResponses, 429: jsonContent(z.any(), "Too many attempts") },
    }),
    async (c) => {
      refuseForeignOrigin(c);
      const db = createDb(c.env.DB);
      const { tenant: slug, email, password } = c.req.valid("json");
      await hit(db, { key: `login:ip:${clientIp(c)}`, max: 30, windowMs: 15 * MINUTE });
      await hit(db, { key: `login:account:${slug.toLowerCase()}:${email.toLowerCase()}`, max: 10, windowMs: 15 * MINUTE });
      const tenant = await db.query.tenants.findFirst({ where: eq(tenants.slug, slug.toLowerCase()) });
      const user = tenant ? await userRepo(db, tenant.id).findByEmail(email) : undefined;
      // Always run one PBKDF2 check so response time does not reveal which accounts exist.
      const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (!tenant || !user || !valid || !user.active || user.role === "customer") throw new UnauthorizedError("Wrong tenant, email or password");
      await startSession(c, tenant.id, user.id);
      return c.json({ user: await userRepo(db, tenant.id).get(user.id), tenant: tenantJson(tenant, c.env.MAIL_DOMAIN) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/auth/invitation",
      tags,
      description: "An invited agent or admin spends the link from their invitation mail: sets their password and is signed in.",
      request: { body: jsonBody(InvitationSchema) },
      responses: { 200: jsonContent(MeSchema), ...errorResponses, 429: jsonContent(z.any(), "Too many attempts") },
    }),
    async (c) => {
      refuseForeignOrigin(c);
      const db = createDb(c.env.DB);
      const { token, password } = c.req.valid("json");
      await hit(db, { key: `invitation:ip:${clientIp(c)}`, max: 30, windowMs: 15 * MINUTE });
      const invited = await redeemMagicLink(db, token, "staff");
      if (!invited) throw new UnauthorizedError("This invitation link is unknown, used or expired; ask an admin for a new one");
      const user = await userRepo(db, invited.tenantId).update(invited.userId, { password });
      await startSession(c, invited.tenantId, invited.userId);
      return c.json({ user, tenant: tenantJson(await tenantRow(db, invited.tenantId), c.env.MAIL_DOMAIN) }, 200);
    },
  );

/** Routes for a signed-in caller: who am I, sign out, API tokens. */
export const accountRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/me", tags, responses: { 200: jsonContent(MeSchema), ...errorResponses } }),
    async (c) => {
      const db = createDb(c.env.DB);
      const actor = c.get("actor");
      const [user, tenant] = await Promise.all([userRepo(db, actor.tenantId).get(actor.userId), tenantRow(db, actor.tenantId)]);
      return c.json({ user, tenant: tenantJson(tenant, c.env.MAIL_DOMAIN) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/me",
      tags,
      description: "Your own name, language and password. Role, addresses and categories are the admins' to change.",
      request: { body: jsonBody(MePatchSchema) },
      responses: { 200: jsonContent(MeSchema), ...errorResponses, 429: jsonContent(z.any(), "Too many password attempts") },
    }),
    async (c) => {
      const db = createDb(c.env.DB);
      const actor = c.get("actor");
      const { password, ...profile } = c.req.valid("json");
      if (password) {
        await hit(db, { key: `password:account:${actor.tenantId}:${actor.userId}`, max: 10, windowMs: 15 * MINUTE });
        const [own] = await db.select({ hash: users.passwordHash }).from(users).where(and(eq(users.tenantId, actor.tenantId), eq(users.id, actor.userId)));
        if (!own?.hash || !(await verifyPassword(password.current, own.hash))) {
          throw new ValidationError("Wrong password", [{ path: "password.current", message: "This is not your current password" }]);
        }
      }
      const repo = userRepo(db, actor.tenantId);
      const user = await repo.update(actor.userId, { ...profile, ...(password && { password: password.new }) });
      if (password) await deleteOtherSessions(db, actor.tenantId, actor.userId, getCookie(c, SESSION_COOKIE));
      return c.json({ user, tenant: tenantJson(await tenantRow(db, actor.tenantId), c.env.MAIL_DOMAIN) }, 200);
    },
  )
  .openapi(
    createRoute({ method: "post", path: "/auth/logout", tags, responses: { 204: { description: "Signed out" }, ...errorResponses } }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await deleteSession(createDb(c.env.DB), token);
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tokens",
      tags,
      description: "Your API tokens; admins see every token of the tenant.",
      responses: { 200: jsonContent(z.object({ data: z.array(TokenSchema) })), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const rows = await createDb(c.env.DB)
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.tenantId, actor.tenantId), actor.role === "admin" ? undefined : eq(apiTokens.userId, actor.userId)))
        .orderBy(asc(apiTokens.id));
      return c.json({ data: rows.map(tokenJson) }, 200);
    },
  )
  .openapi(
    createRoute({ method: "post", path: "/tokens", tags, request: { body: jsonBody(NewTokenSchema) }, responses: { 201: jsonContent(CreatedTokenSchema, "Created"), ...errorResponses } }),
    async (c) => {
      const actor = c.get("actor");
      const token = TOKEN_PREFIX + randomToken();
      const [row] = await createDb(c.env.DB)
        .insert(apiTokens)
        .values({ tenantId: actor.tenantId, userId: actor.userId, name: c.req.valid("json").name, tokenHash: await sha256Hex(token) })
        .returning();
      return c.json({ ...tokenJson(row!), token }, 201);
    },
  )
  .openapi(
    createRoute({ method: "delete", path: "/tokens/{id}", tags, request: { params: IdParam }, responses: { 204: { description: "Revoked" }, ...errorResponses } }),
    async (c) => {
      const actor = c.get("actor");
      const deleted = await createDb(c.env.DB)
        .delete(apiTokens)
        .where(
          and(
            eq(apiTokens.tenantId, actor.tenantId),
            eq(apiTokens.id, c.req.valid("param").id),
            actor.role === "admin" ? undefined : eq(apiTokens.userId, actor.userId),
          ),
        )
        .returning({ id: apiTokens.id });
      if (deleted.length === 0) throw new NotFoundError("Token");
      return c.body(null, 204);
    },
  );
