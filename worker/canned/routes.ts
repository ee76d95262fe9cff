import { createRoute, z } from "@hono/zod-openapi";
import { createDb } from "../db/client";
import type { Bindings } from "../env";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { cannedTextRepo } from "./repo";
import { CannedTextPatchSchema, CannedTextSchema, NewCannedTextSchema } from "./schemas";

const tags = ["Canned texts"];
const admins = requireRole("admin");
const staff = requireRole("admin", "agent");
const repoFor = (env: Bindings, tenantId: number) => cannedTextRepo(createDb(env.DB), tenantId);

/** Agents insert canned texts in replies; admins write them. */
export const cannedTextRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/canned-texts", tags, middleware: [staff], responses: { 200: jsonContent(z.object({ data: z.array(CannedTextSchema) })), ...errorResponses } }),
    async (c) => c.json({ data: await repoFor(c.env, c.get("actor").tenantId).list() }, 200),
  )
  .openapi(
    createRoute({ method: "post", path: "/canned-texts", tags, middleware: [admins], request: { body: jsonBody(NewCannedTextSchema) }, responses: { 201: jsonContent(CannedTextSchema, "Created"), ...errorResponses } }),
    async (c) => c.json(await repoFor(c.env, c.get("actor").tenantId).create(c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/canned-texts/{id}",
      tags,
      middleware: [admins],
      request: { params: IdParam, body: jsonBody(CannedTextPatchSchema) },
      responses: { 200: jsonContent(CannedTextSchema), ...errorResponses },
    }),
    async (c) => c.json(await repoFor(c.env, c.get("actor").tenantId).update(c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({ method: "delete", path: "/canned-texts/{id}", tags, middleware: [admins], request: { params: IdParam }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    async (c) => {
      await repoFor(c.env, c.get("actor").tenantId).remove(c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
