import { createRoute, z } from "@hono/zod-openapi";
import { setCookie } from "hono/cookie";
import { eq } from "drizzle-orm";
import { createSession, SESSION_COOKIE, SESSION_TTL_MS } from "../auth/sessions";
import { hit } from "../auth/rate-limit";
import { createDb } from "../db/client";
import { tenants } from "../db/schema";
import { ForbiddenError, UnauthorizedError } from "../http/errors";
import { assertSameOrigin } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { actionLinkUrl, LINK_ACTIONS, signActionLink } from "../notify/action-links";
import { ticketRepo } from "../tickets/repo";
import { userRepo } from "../users/repo";
import { sendMagicLinkMail } from "./magic-link-mail";
import { createMagicLink, redeemMagicLink } from "./magic-links";

const tags = ["Customer portal"];
const MINUTE = 60_000;

const MagicLinkRequestSchema = z
  .object({ tenant: z.string().trim().min(1).max(40), email: z.string().trim().email(), locale: z.enum(["en", "de", "fr"]).optional() })
  .strict()
  .openapi("MagicLinkRequest");

const MagicLinkLoginSchema = z.object({ token: z.string().min(20).max(100) }).strict().openapi("MagicLinkLogin");

/** Public routes of the customer portal: ask for a sign-in link, and spend it. */
export const portalAuthRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/portal/magic-link",
      tags,
      description: "Mails a sign-in link (valid once, for 3 days) to a customer of the tenant. Answers 202 whether or not the address is known, so it cannot be used to probe for customers.",
      request: { body: jsonBody(MagicLinkRequestSchema) },
      responses: { 202: jsonContent(z.object({ sent: z.literal(true) }), "Accepted"), ...errorResponses, 429: jsonContent(z.any(), "Too many requests") },
    }),
    async (c) => {
      if (c.req.header("Origin")) assertSameOrigin(c.req.raw, c.env.APP_URL);
      const db = createDb(c.env.DB);
      const { tenant: slug, email, locale } = c.req.valid("json");
      await hit(db, { key: `magic:ip:${c.req.header("CF-Connecting-IP") ?? "unknown"}`, max: 20, windowMs: 15 * MINUTE });
      await hit(db, { key: `magic:account:${slug.toLowerCase()}:${email.toLowerCase()}`, max: 5, windowMs: 15 * MINUTE });
      const tenant = await db.query.tenants.findFirst({ where: eq(tenants.slug, slug.toLowerCase()) });
      const user = tenant ? await userRepo(db, tenant.id).findByEmail(email) : undefined;
      if (tenant && user?.active && user.role === "customer") {
        const link = await createMagicLink(db, c.env.APP_URL, tenant.id, user.id);
        c.executionCtx.waitUntil(
          sendMagicLinkMail(c.env, { tenantId: tenant.id, tenantName: tenant.name, to: email, locale: user.locale ?? locale ?? tenant.defaultLocale, url: link.url }),
        );
      }
      return c.json({ sent: true as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/portal/login",
      tags,
      description: "Spends a sign-in link's token and starts a customer session (cookie).",
      request: { body: jsonBody(MagicLinkLoginSchema) },
      responses: { 204: { description: "Signed in" }, ...errorResponses },
    }),
    async (c) => {
      if (c.req.header("Origin")) assertSameOrigin(c.req.raw, c.env.APP_URL);
      const db = createDb(c.env.DB);
      const who = await redeemMagicLink(db, c.req.valid("json").token);
      if (!who) throw new UnauthorizedError("This sign-in link is unknown, used or expired; ask for a new one");
      const token = await createSession(db, who.tenantId, who.userId);
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: SESSION_TTL_MS / 1000 });
      return c.body(null, 204);
    },
  );

const ActionLinksSchema = z
  .object(Object.fromEntries(LINK_ACTIONS.map((a) => [a, z.string().nullable()])) as Record<(typeof LINK_ACTIONS)[number], z.ZodNullable<z.ZodString>>)
  .openapi("PortalActionLinks");

/**
 * Signed-in customers answer a resolution and rate a ticket through the same signed,
 * single-use links their mail carries, so both paths share one implementation.
 */
export const portalRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/tickets/{id}/customer-actions",
    tags,
    description: "Links (POST to confirm) that accept or reject the resolution and rate the ticket; null where the ticket's state does not allow the action.",
    request: { params: IdParam },
    responses: { 200: jsonContent(ActionLinksSchema), ...errorResponses },
  }),
  async (c) => {
    const actor = c.get("actor");
    // The visibility check comes first, so a foreign id answers 404 whoever asks.
    const ticket = await ticketRepo(createDb(c.env.DB), actor).row(c.req.valid("param").id);
    if (actor.role !== "customer") throw new ForbiddenError("Only the ticket's customer answers for it");
    const own = ticket.customerId === actor.userId;
    const resolved = ticket.status === "resolved";
    const rateable = resolved || ticket.status === "closed";
    const links = await Promise.all(
      LINK_ACTIONS.map(async (action) => {
        const allowed = own && (action.startsWith("rate_") ? rateable : resolved);
        if (!allowed) return [action, null] as const;
        const token = await signActionLink(c.env.SECRET_KEY, { tenantId: actor.tenantId, ticketId: ticket.id, userId: actor.userId, action });
        return [action, new URL(actionLinkUrl(c.env.APP_URL, token)).pathname] as const;
      }),
    );
    return c.json(Object.fromEntries(links) as z.infer<typeof ActionLinksSchema>, 200);
  },
);
