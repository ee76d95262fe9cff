import { createRoute, z } from "@hono/zod-openapi";
import { createDb } from "../db/client";
import type { Actor, Bindings } from "../env";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { categoryRepo } from "./repo";
import { CategoryPatchSchema, CategorySchema, NewCategorySchema } from "./schemas";

const tags = ["Categories"];
const admins = requireRole("admin");

const repoFor = (env: Bindings, actor: Actor) =>
  categoryRepo(createDb(env.DB), { tenantId: actor.tenantId, slug: actor.tenantSlug, mailDomain: env.MAIL_DOMAIN, locale: actor.locale });

export const categoryRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/categories", tags, responses: { 200: jsonContent(z.object({ data: z.array(CategorySchema) })), ...errorResponses } }),
    async (c) => c.json({ data: await repoFor(c.env, c.get("actor")).list() }, 200),
  )
  .openapi(
    createRoute({ method: "post", path: "/categories", tags, middleware: [admins], request: { body: jsonBody(NewCategorySchema) }, responses: { 201: jsonContent(CategorySchema, "Created"), ...errorResponses } }),
    async (c) => c.json(await repoFor(c.env, c.get("actor")).create(c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({ method: "get", path: "/categories/{id}", tags, request: { params: IdParam }, responses: { 200: jsonContent(CategorySchema), ...errorResponses } }),
    async (c) => c.json(await repoFor(c.env, c.get("actor")).get(c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/categories/{id}",
      tags,
      middleware: [admins],
      request: { params: IdParam, body: jsonBody(CategoryPatchSchema) },
      responses: { 200: jsonContent(CategorySchema), ...errorResponses },
    }),
    async (c) => c.json(await repoFor(c.env, c.get("actor")).update(c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/categories/{id}",
      tags,
      description: "Deactivates the category; its tickets keep it, new mail to its address goes to the default category.",
      middleware: [admins],
      request: { params: IdParam },
      responses: { 200: jsonContent(CategorySchema), ...errorResponses },
    }),
    async (c) => c.json(await repoFor(c.env, c.get("actor")).update(c.req.valid("param").id, { active: false }), 200),
  );
