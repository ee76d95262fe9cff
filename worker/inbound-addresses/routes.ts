import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import { categoryRepo } from "../categories/repo";
import { createDb } from "../db/client";
import { inboundAddresses } from "../db/schema";
import type { Actor, Bindings } from "../env";
import { ConflictError, NotFoundError, ValidationError } from "../http/errors";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { normalizeEmail } from "../users/contact";

const tags = ["Inbound addresses"];

const InboundAddressSchema = z
  .object({ id: z.number().int(), address: z.string(), categoryId: z.number().int().nullable(), kind: z.enum(["standard", "custom"]) })
  .openapi("InboundAddress");

const NewInboundAddressSchema = z
  .object({ address: z.string().trim().email(), categoryId: z.number().int().positive().nullable().optional() })
  .strict()
  .openapi("NewInboundAddress");

const InboundAddressPatchSchema = z.object({ categoryId: z.number().int().positive().nullable() }).strict().openapi("InboundAddressPatch");

const json = (r: typeof inboundAddresses.$inferSelect) => ({ id: r.id, address: r.address, categoryId: r.categoryId, kind: r.kind });

async function assertCategory(env: Bindings, actor: Actor, categoryId: number | null | undefined) {
  if (!categoryId) return;
  const repo = categoryRepo(createDb(env.DB), { tenantId: actor.tenantId, slug: actor.tenantSlug, mailDomain: env.MAIL_DOMAIN, locale: actor.locale });
  await repo.row(categoryId).catch(() => {
    throw new ValidationError("No such category", [{ path: "categoryId", message: "No such category" }]);
  });
}

async function row(env: Bindings, actor: Actor, id: number) {
  const found = await createDb(env.DB).query.inboundAddresses.findFirst({
    where: and(eq(inboundAddresses.tenantId, actor.tenantId), eq(inboundAddresses.id, id)),
  });
  if (!found) throw new NotFoundError("Inbound address");
  return found;
}

/**
 * Addresses whose mail becomes tickets. Custom addresses are a tenant's own support
 * mailboxes forwarded to us; the service domain's addresses are derived from the slug.
 */
const router = createRouter();
router.use("/inbound-addresses", requireRole("admin"));
router.use("/inbound-addresses/*", requireRole("admin"));

export const inboundAddressRoutes = router
  .openapi(
    createRoute({ method: "get", path: "/inbound-addresses", tags, responses: { 200: jsonContent(z.object({ data: z.array(InboundAddressSchema) })), ...errorResponses } }),
    async (c) => {
      const rows = await createDb(c.env.DB)
        .select()
        .from(inboundAddresses)
        .where(eq(inboundAddresses.tenantId, c.get("actor").tenantId))
        .orderBy(asc(inboundAddresses.id));
      return c.json({ data: rows.map(json) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/inbound-addresses",
      tags,
      request: { body: jsonBody(NewInboundAddressSchema) },
      responses: { 201: jsonContent(InboundAddressSchema, "Created"), ...errorResponses, 409: jsonContent(z.any(), "Address in use") },
    }),
    async (c) => {
      const actor = c.get("actor");
      const input = c.req.valid("json");
      const address = normalizeEmail(input.address);
      if (address.endsWith(`@${c.env.MAIL_DOMAIN}`)) {
        throw new ValidationError("Addresses on the service domain are derived from your slug", [
          { path: "address", message: `Use a category's plus-address instead of a new @${c.env.MAIL_DOMAIN} address` },
        ]);
      }
      await assertCategory(c.env, actor, input.categoryId);
      const [created] = await createDb(c.env.DB)
        .insert(inboundAddresses)
        .values({ tenantId: actor.tenantId, address, categoryId: input.categoryId ?? null, kind: "custom" })
        .onConflictDoNothing()
        .returning();
      if (!created) throw new ConflictError("This address is already routed to a helpdesk");
      return c.json(json(created), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/inbound-addresses/{id}",
      tags,
      request: { params: IdParam, body: jsonBody(InboundAddressPatchSchema) },
      responses: { 200: jsonContent(InboundAddressSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const current = await row(c.env, actor, c.req.valid("param").id);
      const { categoryId } = c.req.valid("json");
      await assertCategory(c.env, actor, categoryId);
      const [updated] = await createDb(c.env.DB)
        .update(inboundAddresses)
        .set({ categoryId })
        .where(and(eq(inboundAddresses.tenantId, actor.tenantId), eq(inboundAddresses.id, current.id)))
        .returning();
      return c.json(json(updated!), 200);
    },
  )
  .openapi(
    createRoute({ method: "delete", path: "/inbound-addresses/{id}", tags, request: { params: IdParam }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    async (c) => {
      const actor = c.get("actor");
      const current = await row(c.env, actor, c.req.valid("param").id);
      if (current.kind === "standard") throw new ConflictError("The standard address cannot be removed");
      await createDb(c.env.DB)
        .delete(inboundAddresses)
        .where(and(eq(inboundAddresses.tenantId, actor.tenantId), eq(inboundAddresses.id, current.id)));
      return c.body(null, 204);
    },
  );
