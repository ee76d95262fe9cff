import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { tenants } from "../db/schema";
import { ValidationError } from "../http/errors";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, jsonBody, jsonContent } from "../http/openapi";
import { categoryRepo } from "../categories/repo";
import { SettingsPatchSchema, SettingsSchema, TenantPatchSchema, TenantSchema } from "./schemas";
import { tenantJson, tenantRow } from "./service";

const tags = ["Tenant"];
const admins = requireRole("admin");

export const tenantRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/tenant", tags, responses: { 200: jsonContent(TenantSchema), ...errorResponses } }),
    async (c) => c.json(tenantJson(await tenantRow(createDb(c.env.DB), c.get("actor").tenantId), c.env.MAIL_DOMAIN), 200),
  )
  .openapi(
    createRoute({ method: "patch", path: "/tenant", tags, middleware: [admins], request: { body: jsonBody(TenantPatchSchema) }, responses: { 200: jsonContent(TenantSchema), ...errorResponses } }),
    async (c) => {
      const db = createDb(c.env.DB);
      const { tenantId } = c.get("actor");
      const [updated] = await db.update(tenants).set(c.req.valid("json")).where(eq(tenants.id, tenantId)).returning();
      return c.json(tenantJson(updated!, c.env.MAIL_DOMAIN), 200);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/settings", tags, middleware: [admins], responses: { 200: jsonContent(SettingsSchema), ...errorResponses } }),
    async (c) => c.json((await tenantRow(createDb(c.env.DB), c.get("actor").tenantId)).settings, 200),
  )
  .openapi(
    createRoute({ method: "patch", path: "/settings", tags, middleware: [admins], request: { body: jsonBody(SettingsPatchSchema) }, responses: { 200: jsonContent(SettingsSchema), ...errorResponses } }),
    async (c) => {
      const db = createDb(c.env.DB);
      const actor = c.get("actor");
      const patch = c.req.valid("json");
      if (patch.defaultCategoryId) {
        const repo = categoryRepo(db, { tenantId: actor.tenantId, slug: actor.tenantSlug, mailDomain: c.env.MAIL_DOMAIN, locale: actor.locale });
        await repo.row(patch.defaultCategoryId).catch(() => {
          throw new ValidationError("No such category", [{ path: "defaultCategoryId", message: "No such category" }]);
        });
      }
      const settings = { ...(await tenantRow(db, actor.tenantId)).settings, ...patch };
      await db.update(tenants).set({ settings }).where(eq(tenants.id, actor.tenantId));
      return c.json(settings, 200);
    },
  );
