import { createRoute, z } from "@hono/zod-openapi";
import { replayEmail } from "../channels/email/receive";
import { createDb } from "../db/client";
import { FAILED_MAIL_STATUSES } from "../db/schema";
import { ConflictError, NotFoundError } from "../http/errors";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonContent } from "../http/openapi";
import { failedMailRepo, type FailedMailRow } from "./failed-mails";

const tags = ["Failed mail"];

const FailedMailSchema = z
  .object({
    id: z.number().int(),
    channel: z.string(),
    reason: z.string().openapi({ example: "unregistered_sender" }),
    detail: z.string().nullable(),
    envelopeFrom: z.string().nullable(),
    envelopeTo: z.string().nullable(),
    messageId: z.string().nullable(),
    subject: z.string().nullable(),
    status: z.enum(FAILED_MAIL_STATUSES),
    attempts: z.number().int(),
    ticketId: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("FailedMail");

const ReplayResultSchema = z
  .object({
    outcome: z.enum(["ticket", "follow_up", "duplicate", "failed"]),
    ticketId: z.number().int().nullable(),
    reason: z.string().optional(),
    detail: z.string().optional(),
    failedMail: FailedMailSchema,
  })
  .openapi("ReplayResult");

const ListQuery = z.object({
  status: z.enum(FAILED_MAIL_STATUSES).optional(),
  reason: z.string().max(50).optional(),
  before: z.coerce.number().int().positive().optional().openapi({ description: "Cursor: only rows with a smaller id" }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

const json = (r: FailedMailRow) => ({
  id: r.id,
  channel: r.channel,
  reason: r.reason,
  detail: r.detail,
  envelopeFrom: r.envelopeFrom,
  envelopeTo: r.envelopeTo,
  messageId: r.messageId,
  subject: r.subject,
  status: r.status,
  attempts: r.attempts,
  ticketId: r.ticketId,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** Inbound mail that did not become a ticket: admins see why, download it, and replay it. */
const router = createRouter();
router.use("/failed-mails", requireRole("admin"));
router.use("/failed-mails/*", requireRole("admin"));

export const failedMailRoutes = router
  .openapi(
    createRoute({
      method: "get",
      path: "/failed-mails",
      tags,
      request: { query: ListQuery },
      responses: { 200: jsonContent(z.object({ data: z.array(FailedMailSchema), nextBefore: z.number().int().nullable() })), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const rows = await failedMailRepo(createDb(c.env.DB), c.get("actor").tenantId).list(query);
      return c.json({ data: rows.map(json), nextBefore: rows.length === query.limit ? rows.at(-1)!.id : null }, 200);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/failed-mails/{id}", tags, request: { params: IdParam }, responses: { 200: jsonContent(FailedMailSchema), ...errorResponses } }),
    async (c) => {
      const row = await failedMailRepo(createDb(c.env.DB), c.get("actor").tenantId).get(c.req.valid("param").id);
      if (!row) throw new NotFoundError("Failed mail");
      return c.json(json(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/failed-mails/{id}/raw",
      tags,
      request: { params: IdParam },
      responses: { 200: { description: "The message exactly as it arrived", content: { "message/rfc822": { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const row = await failedMailRepo(createDb(c.env.DB), c.get("actor").tenantId).get(c.req.valid("param").id);
      const object = row && (await c.env.FILES.get(row.rawKey));
      if (!object) throw new NotFoundError("Failed mail");
      return c.body(object.body, 200, { "Content-Type": "message/rfc822", "Content-Disposition": `attachment; filename="failed-mail-${row.id}.eml"` });
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/failed-mails/{id}/replay",
      tags,
      request: { params: IdParam },
      responses: { 200: jsonContent(ReplayResultSchema), ...errorResponses, 409: jsonContent(z.any(), "Already replayed") },
    }),
    async (c) => {
      const repo = failedMailRepo(createDb(c.env.DB), c.get("actor").tenantId);
      const row = await repo.get(c.req.valid("param").id);
      if (!row) throw new NotFoundError("Failed mail");
      if (row.status === "replayed") throw new ConflictError("This mail was already replayed successfully");
      const result = await replayEmail(c.env, row);
      if (!result) throw new NotFoundError("The raw message of this failed mail");
      const updated = (await repo.get(row.id))!;
      const failed = result.outcome === "failed" ? { reason: result.reason, detail: result.detail } : {};
      return c.json({ outcome: result.outcome, ticketId: result.ticketId, ...failed, failedMail: json(updated) }, 200);
    },
  );
