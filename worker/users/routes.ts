import { createRoute, z } from "@hono/zod-openapi";
import { createDb } from "../db/client";
import { ForbiddenError } from "../http/errors";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { TicketListSchema } from "../tickets/schemas";
import { ticketRepo } from "../tickets/repo";
import { NewUserSchema, UserListQuery, UserPatchSchema, UserSchema } from "./schemas";
import { userRepo } from "./repo";
import type { Actor } from "../env";
import { sendWelcomeMail } from "../notify/welcome";

const tags = ["Users"];
const repoFor = (db: D1Database, actor: Actor) => userRepo(createDb(db), actor.tenantId);

/** Agents manage customers; only admins create or change agents and admins. */
function assertMayManage(actor: Actor, role: string | undefined) {
  if (actor.role === "admin") return;
  if (actor.role === "agent" && (role === undefined || role === "customer")) return;
  throw new ForbiddenError("Only admins manage agents and admins");
}

/** Who hears about a company's tickets is the tenant's decision, not one agent's. */
function assertMaySetCompanyContact(actor: Actor, input: { companyContact?: boolean }) {
  if (input.companyContact !== undefined && actor.role !== "admin") throw new ForbiddenError("Only admins choose company contacts");
}

const router = createRouter();
router.use("/users", requireRole("admin", "agent"));
router.use("/users/*", requireRole("admin", "agent"));

export const userRoutes = router
  .openapi(
    createRoute({ method: "get", path: "/users", tags, request: { query: UserListQuery }, responses: { 200: jsonContent(z.object({ data: z.array(UserSchema) })), ...errorResponses } }),
    async (c) => c.json({ data: await repoFor(c.env.DB, c.get("actor")).list(c.req.valid("query")) }, 200),
  )
  .openapi(
    createRoute({ method: "post", path: "/users", tags, description: "Agents and admins need an email address: they sign in with it, and one created without a password is invited there.", request: { body: jsonBody(NewUserSchema) }, responses: { 201: jsonContent(UserSchema, "Created"), ...errorResponses } }),
    async (c) => {
      const input = c.req.valid("json");
      assertMayManage(c.get("actor"), input.role);
      assertMaySetCompanyContact(c.get("actor"), input);
      const created = await repoFor(c.env.DB, c.get("actor")).create(input);
      // Customers are welcomed (if the tenant wants it); staff without a password are invited to choose one.
      if (created.emails.length && (created.role === "customer" || !input.password)) {
        c.executionCtx.waitUntil(sendWelcomeMail(c.env, c.get("actor").tenantId, created.id).catch((e) => console.error("welcome mail failed", e)));
      }
      return c.json(created, 201);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/users/{id}", tags, request: { params: IdParam }, responses: { 200: jsonContent(UserSchema), ...errorResponses } }),
    async (c) => c.json(await repoFor(c.env.DB, c.get("actor")).get(c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({ method: "patch", path: "/users/{id}", tags, request: { params: IdParam, body: jsonBody(UserPatchSchema) }, responses: { 200: jsonContent(UserSchema), ...errorResponses } }),
    async (c) => {
      const actor = c.get("actor");
      const repo = repoFor(c.env.DB, actor);
      const { id } = c.req.valid("param");
      const patch = c.req.valid("json");
      const current = await repo.row(id);
      assertMayManage(actor, current.role);
      assertMayManage(actor, patch.role);
      assertMaySetCompanyContact(actor, patch);
      if (id === actor.userId && (patch.active === false || (patch.role && patch.role !== actor.role))) {
        throw new ForbiddenError("You cannot deactivate yourself or change your own role");
      }
      return c.json(await repo.update(id, patch), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/users/{id}",
      tags,
      description: "Deactivates the user: their tickets and messages stay, their sessions end.",
      request: { params: IdParam },
      responses: { 200: jsonContent(UserSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const repo = repoFor(c.env.DB, actor);
      const { id } = c.req.valid("param");
      assertMayManage(actor, (await repo.row(id)).role);
      if (id === actor.userId) throw new ForbiddenError("You cannot deactivate yourself");
      return c.json(await repo.update(id, { active: false }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/users/{id}/tickets",
      tags,
      description: "The user's ticket history, newest first.",
      request: { params: IdParam },
      responses: { 200: jsonContent(TicketListSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const { id } = c.req.valid("param");
      await repoFor(c.env.DB, actor).row(id);
      return c.json(await ticketRepo(createDb(c.env.DB), actor).list({ customerId: id, sort: "-updatedAt", limit: 50 }), 200);
    },
  );
