import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { timeEntries } from "../db/schema";
import type { Actor, Bindings } from "../env";
import { ForbiddenError, ValidationError } from "../http/errors";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { notifyLater } from "../notify/notify";
import { announce } from "../realtime/routes";
import { userRepo } from "../users/repo";
import { articleBody, authorAddress } from "./article-content";
import { ticketRepo } from "./repo";
import {
  MergeSchema,
  NewTicketSchema,
  NewTimeEntrySchema,
  TicketDetailSchema,
  TicketListQuery,
  TicketListSchema,
  TicketPatchSchema,
  TicketSchema,
  TimeEntrySchema,
  type NewTicket,
} from "./schemas";
import { assertReferences, createTicket, mergeTickets, updateTicket } from "./service";

const tags = ["Tickets"];
const agents = requireRole("admin", "agent");

/** Customers may only open a ticket for themselves, with a subject, a message and files. */
function customerDraft(actor: Actor, input: NewTicket): NewTicket {
  const { subject, text, html, categoryId, attachmentIds } = input;
  if (input.assigneeId || input.status || input.tags || input.customerId || input.customerEmail || input.parentId) {
    throw new ForbiddenError("Customers can only set subject, message, category and files");
  }
  return { subject, text, html, categoryId, attachmentIds, customerId: actor.userId, channel: "web" };
}

async function resolveCustomer(env: Bindings, actor: Actor, input: NewTicket): Promise<number | null> {
  if (input.customerId) return input.customerId;
  if (!input.customerEmail) return null;
  const repo = userRepo(createDb(env.DB), actor.tenantId);
  const existing = await repo.findByEmail(input.customerEmail);
  if (existing) return existing.id;
  const name = input.customerEmail.split("@")[0]!;
  return (await repo.create({ role: "customer", name, emails: [input.customerEmail], phones: [] })).id;
}

export const ticketRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets",
      tags,
      description: "Tickets the caller may see, newest activity first by default; cursor pagination.",
      request: { query: TicketListQuery },
      responses: { 200: jsonContent(TicketListSchema), ...errorResponses },
    }),
    async (c) => c.json(await ticketRepo(createDb(c.env.DB), c.get("actor")).list(c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({ method: "post", path: "/tickets", tags, request: { body: jsonBody(NewTicketSchema) }, responses: { 201: jsonContent(TicketDetailSchema, "Created"), ...errorResponses } }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const input = actor.role === "customer" ? customerDraft(actor, c.req.valid("json")) : c.req.valid("json");
      await assertReferences(db, actor.tenantId, input);
      const customerId = await resolveCustomer(c.env, actor, input);
      const content = await articleBody(input.text, input.html);
      const hasMessage = content.text.trim() !== "" || content.html || input.attachmentIds?.length;
      const fromAgent = actor.role !== "customer";
      const channel = input.channel ?? (fromAgent ? "api" : "web");
      const created = await createTicket(db, {
        tenantId: actor.tenantId,
        subject: input.subject,
        channel,
        customerId,
        categoryId: input.categoryId,
        assigneeId: input.assigneeId,
        priority: input.priority,
        status: input.status,
        tags: input.tags,
        dueAt: input.dueAt ? Date.parse(input.dueAt) : null,
        parentId: input.parentId,
        actorId: actor.userId,
        article: hasMessage
          ? {
              channel,
              // A ticket an agent opens on a customer's behalf records what the customer said.
              direction: "in",
              internal: false,
              from: await authorAddress(c.env, actor),
              subject: input.subject,
              ...content,
              authorId: actor.userId,
              attachmentIds: input.attachmentIds,
            }
          : undefined,
      });
      announce(c, { t: "ticket", ticketId: created.ticketId!, change: "created" });
      notifyLater(c.executionCtx, c.env, actor.tenantId, { type: "created", ticketId: created.ticketId!, actorId: actor.userId, cameByEmail: false, mayAutoAnswer: true });
      return c.json(await ticketRepo(db, actor).detail(created.ticketId!), 201);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/tickets/{id}", tags, request: { params: IdParam }, responses: { 200: jsonContent(TicketDetailSchema), ...errorResponses } }),
    async (c) => c.json(await ticketRepo(createDb(c.env.DB), c.get("actor")).detail(c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/tickets/{id}",
      tags,
      middleware: [agents],
      request: { params: IdParam, body: jsonBody(TicketPatchSchema) },
      responses: { 200: jsonContent(TicketSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const repo = ticketRepo(db, actor);
      const current = await repo.row(c.req.valid("param").id);
      const patch = c.req.valid("json");
      await updateTicket(db, actor.tenantId, actor.userId, current, patch);
      announce(c, { t: "ticket", ticketId: current.id, change: "updated" }, { assigneeId: current.assigneeId, categoryId: current.categoryId });
      const { assigneeId = current.assigneeId, categoryId = current.categoryId, status = current.status } = patch;
      notifyLater(c.executionCtx, c.env, actor.tenantId, {
        type: "updated",
        ticketId: current.id,
        actorId: actor.userId,
        before: { assigneeId: current.assigneeId, categoryId: current.categoryId, status: current.status },
        after: { assigneeId, categoryId, status },
      });
      return c.json(await repo.get(current.id), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/tickets/{id}/merge",
      tags,
      description: "Merges this ticket into `targetId`; its messages move there and later follow-ups land there.",
      middleware: [agents],
      request: { params: IdParam, body: jsonBody(MergeSchema) },
      responses: { 200: jsonContent(TicketDetailSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const repo = ticketRepo(db, actor);
      const source = await repo.row(c.req.valid("param").id);
      const target = await repo.row(c.req.valid("json").targetId).catch(() => {
        throw new ValidationError("No such target ticket", [{ path: "targetId", message: "No such ticket" }]);
      });
      await mergeTickets(db, actor.tenantId, actor.userId, source, target);
      announce(c, { t: "ticket", ticketId: source.id, change: "merged" });
      return c.json(await repo.detail(target.id), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets/{id}/time-entries",
      tags,
      middleware: [agents],
      request: { params: IdParam },
      responses: { 200: jsonContent(z.object({ data: z.array(TimeEntrySchema), totalMinutes: z.number().int() })), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const ticket = await ticketRepo(db, actor).row(c.req.valid("param").id);
      const rows = await db
        .select()
        .from(timeEntries)
        .where(and(eq(timeEntries.tenantId, actor.tenantId), eq(timeEntries.ticketId, ticket.id)))
        .orderBy(asc(timeEntries.id));
      const data = rows.map(timeEntryJson);
      return c.json({ data, totalMinutes: data.reduce((n, e) => n + e.minutes, 0) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/tickets/{id}/time-entries",
      tags,
      middleware: [agents],
      request: { params: IdParam, body: jsonBody(NewTimeEntrySchema) },
      responses: { 201: jsonContent(TimeEntrySchema, "Created"), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const ticket = await ticketRepo(db, actor).row(c.req.valid("param").id);
      const { minutes, note } = c.req.valid("json");
      const [row] = await db
        .insert(timeEntries)
        .values({ tenantId: actor.tenantId, ticketId: ticket.id, userId: actor.userId, minutes, note: note ?? null })
        .returning();
      return c.json(timeEntryJson(row!), 201);
    },
  );

const timeEntryJson = (r: typeof timeEntries.$inferSelect) => ({
  id: r.id,
  ticketId: r.ticketId,
  userId: r.userId,
  minutes: r.minutes,
  note: r.note,
  createdAt: new Date(r.createdAt).toISOString(),
});
