import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { categoryRepo } from "../categories/repo";
import { createDb } from "../db/client";
import { ticketRatings } from "../db/schema";
import type { Actor, Bindings } from "../env";
import { ValidationError } from "../http/errors";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { ticketRepo } from "../tickets/repo";
import { NOTIFICATION_EVENTS, RECIPIENT_GROUPS } from "./events";
import { deleteRuleOverride, listRules, ruleFor, saveRule } from "./rules";
import { loadNotificationSettings, NotificationSettingsSchema, saveNotificationSettings } from "./settings";
import { listTemplates, resetTemplate, saveTemplate } from "./templates";

const tags = ["Notifications"];
const admins = requireRole("admin");

const EventParam = z.object({ event: z.enum(NOTIFICATION_EVENTS).openapi({ param: { name: "event", in: "path" } }) });
const Locale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "A language tag such as en, de or pt-BR")
  .openapi({ param: { name: "locale", in: "path" }, example: "de" });

const CategoryId = z.number().int().positive();

const RuleSchema = z
  .object({
    active: z.boolean(),
    recipients: z.array(z.enum(RECIPIENT_GROUPS)).max(RECIPIENT_GROUPS.length),
    extraAgentIds: z.array(z.number().int().positive()).max(100).default([]),
    extraAddresses: z.array(z.string().trim().toLowerCase().email()).max(50).default([]),
  })
  .strict()
  .openapi("NotificationRule");

const RuleInputSchema = RuleSchema.extend({
  categoryId: CategoryId.nullable().default(null).openapi({ description: "Set to override the rule for one category" }),
}).openapi("NotificationRuleInput");

const TemplateSchema = z
  .object({
    event: z.enum(NOTIFICATION_EVENTS),
    locale: z.string(),
    categoryId: CategoryId.nullable().openapi({ description: "The category this view is for; null for the tenant-wide one" }),
    subject: z.string(),
    body: z.string(),
    customized: z.boolean(),
    categoryOverride: z.boolean().openapi({ description: "The text is the category's own, not the tenant-wide one" }),
    categoryOverrides: z.array(z.number().int()).openapi({ description: "Categories with their own version of this template in this locale" }),
  })
  .openapi("NotificationTemplate");

const TemplateInputSchema = z
  .object({
    subject: z.string().trim().min(1).max(300),
    body: z.string().max(100_000).openapi({ description: "Limited HTML with #Placeholders#; empty means this mail is not sent" }),
    categoryId: CategoryId.nullable().default(null).openapi({ description: "Set to override the template for one category" }),
  })
  .strict()
  .openapi("NotificationTemplateInput");

const TemplateQuery = z.object({ categoryId: z.coerce.number().int().positive().optional().openapi({ description: "One category's view or override" }) });

async function assertCategory(env: Bindings, actor: Actor, categoryId: number | null) {
  if (!categoryId) return;
  const repo = categoryRepo(createDb(env.DB), { tenantId: actor.tenantId, slug: actor.tenantSlug, mailDomain: env.MAIL_DOMAIN, locale: actor.locale });
  await repo.row(categoryId).catch(() => {
    throw new ValidationError("No such category", [{ path: "categoryId", message: "No such category" }]);
  });
}

export const notificationRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/notification-settings", tags, middleware: [admins], responses: { 200: jsonContent(NotificationSettingsSchema), ...errorResponses } }),
    async (c) => c.json(await loadNotificationSettings(createDb(c.env.DB), c.get("actor").tenantId), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/notification-settings",
      tags,
      description: "Tenant-wide switches for outgoing mail: subscriber copies, acknowledgments, admin and category-agent notices, attachments, loop limits.",
      middleware: [admins],
      request: { body: jsonBody(NotificationSettingsSchema.partial().strict()) },
      responses: { 200: jsonContent(NotificationSettingsSchema), ...errorResponses },
    }),
    async (c) => c.json(await saveNotificationSettings(createDb(c.env.DB), c.get("actor").tenantId, c.req.valid("json")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/notification-rules",
      tags,
      middleware: [admins],
      responses: {
        200: jsonContent(
          z.object({
            data: z.array(
              RuleSchema.extend({
                event: z.enum(NOTIFICATION_EVENTS),
                personal: z.boolean().openapi({ description: "The mail goes to the person it is about alone (welcome, invitation): recipients and extras do not apply" }),
                categoryOverrides: z.array(RuleSchema.extend({ categoryId: z.number().int() })),
              }),
            ),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ data: await listRules(createDb(c.env.DB), c.get("actor").tenantId) }, 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/notification-rules/{event}",
      tags,
      description: "Who hears about an event: recipient groups, extra agents and extra addresses; with `categoryId`, only for that category.",
      middleware: [admins],
      request: { params: EventParam, body: jsonBody(RuleInputSchema) },
      responses: { 200: jsonContent(RuleSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const { categoryId, ...rule } = c.req.valid("json");
      await assertCategory(c.env, actor, categoryId);
      const { event } = c.req.valid("param");
      await saveRule(db, actor.tenantId, event, categoryId, rule);
      return c.json(await ruleFor(db, actor.tenantId, event, categoryId), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/notification-rules/{event}",
      tags,
      description: "Removes a category's override (`?categoryId=`); the tenant-wide rule applies again.",
      middleware: [admins],
      request: { params: EventParam, query: z.object({ categoryId: z.coerce.number().int().positive() }) },
      responses: { 204: { description: "Removed" }, ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const { categoryId } = c.req.valid("query");
      await assertCategory(c.env, actor, categoryId);
      await deleteRuleOverride(createDb(c.env.DB), actor.tenantId, c.req.valid("param").event, categoryId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/notification-templates/{locale}",
      tags,
      description: "Every event's template in a locale, tenant-wide or (`?categoryId=`) as it applies to one category.",
      middleware: [admins],
      request: { params: z.object({ locale: Locale }), query: TemplateQuery },
      responses: { 200: jsonContent(z.object({ data: z.array(TemplateSchema) })), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const categoryId = c.req.valid("query").categoryId ?? null;
      await assertCategory(c.env, actor, categoryId);
      return c.json({ data: await listTemplates(createDb(c.env.DB), actor.tenantId, c.req.valid("param").locale, categoryId) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/notification-templates/{locale}/{event}",
      tags,
      description: "Saves a template, tenant-wide or with `categoryId` for one category. Unknown placeholders are refused with 400 and listed in `issues`; HTML is sanitised.",
      middleware: [admins],
      request: { params: EventParam.extend({ locale: Locale }), body: jsonBody(TemplateInputSchema) },
      responses: { 200: jsonContent(TemplateSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const { event, locale } = c.req.valid("param");
      const { categoryId, ...template } = c.req.valid("json");
      await assertCategory(c.env, actor, categoryId);
      await saveTemplate(db, actor.tenantId, event, locale, template, categoryId);
      return c.json((await listTemplates(db, actor.tenantId, locale, categoryId)).find((t) => t.event === event)!, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/notification-templates/{locale}/{event}",
      tags,
      description: "Back to the built-in template; with `?categoryId=`, removes that category's override so the tenant-wide one applies again.",
      middleware: [admins],
      request: { params: EventParam.extend({ locale: Locale }), query: TemplateQuery },
      responses: { 204: { description: "Reset" }, ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const { event, locale } = c.req.valid("param");
      const categoryId = c.req.valid("query").categoryId ?? null;
      await assertCategory(c.env, actor, categoryId);
      await resetTemplate(createDb(c.env.DB), actor.tenantId, event, locale, categoryId);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets/{id}/rating",
      tags,
      description: "The customer's rating of the ticket, if they gave one.",
      middleware: [requireRole("admin", "agent")],
      request: { params: IdParam },
      responses: { 200: jsonContent(z.object({ rating: z.enum(["good", "okay", "bad"]).nullable(), ratedAt: z.string().nullable() })), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const ticket = await ticketRepo(db, actor).row(c.req.valid("param").id);
      const row = await db.query.ticketRatings.findFirst({ where: and(eq(ticketRatings.tenantId, actor.tenantId), eq(ticketRatings.ticketId, ticket.id)) });
      return c.json({ rating: row?.rating ?? null, ratedAt: row ? new Date(row.createdAt).toISOString() : null }, 200);
    },
  );
