import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { deliveries, outboundMails, SMTP_SECURITY, tenants } from "../db/schema";
import { ConflictError, NotFoundError } from "../http/errors";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { fromAddress } from "./addresses";
import { composeMime } from "./compose";
import { transportFor } from "./deliver";
import { enqueue } from "./outbox";
import { smtpRelayRepo } from "./smtp-relay";
import { DeliverySchema, outboxPage } from "./status";
import { TransportError } from "./transports/transport";

const tags = ["Outgoing mail"];

const hostname = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$/i, "A host name or IP address");

const SmtpRelaySchema = z
  .object({
    host: z.string(),
    port: z.number().int(),
    security: z.enum(SMTP_SECURITY),
    username: z.string().nullable(),
    enabled: z.boolean(),
    hasPassword: z.boolean().openapi({ description: "The password itself is never returned" }),
  })
  .openapi("SmtpRelay");

const SmtpRelayInputSchema = z
  .object({
    host: hostname,
    port: z.number().int().min(1).max(65535),
    security: z.enum(SMTP_SECURITY).openapi({ description: "`tls`: implicit TLS (465); `starttls`: upgrade on 587; `none`: plain" }),
    username: z.string().max(320).nullable().default(null),
    password: z.string().max(1000).nullable().optional().openapi({ description: "Omit to keep the stored password; null removes it" }),
    enabled: z.boolean().default(true),
  })
  .strict()
  .openapi("SmtpRelayInput");

const TestMailSchema = z.object({ to: z.string().trim().email() }).strict().openapi("TestMail");
const TestMailResultSchema = z
  .object({ ok: z.boolean(), transport: z.enum(["send_email", "smtp"]), answer: z.string() })
  .openapi("TestMailResult", { description: "What the mail server answered" });

const OutboundMailSchema = z
  .object({
    id: z.number().int(),
    ticketId: z.number().int().nullable(),
    articleId: z.number().int().nullable(),
    kind: z.string(),
    subject: z.string(),
    status: z.enum(["queued", "sent", "failed"]),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    recipients: z.array(DeliverySchema),
    createdAt: z.string(),
  })
  .openapi("OutboundMail");

const admins = requireRole("admin");

export const outboundRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/settings/smtp", tags, middleware: [admins], responses: { 200: jsonContent(z.object({ relay: SmtpRelaySchema.nullable() })), ...errorResponses } }),
    async (c) => {
      const actor = c.get("actor");
      return c.json({ relay: await smtpRelayRepo(createDb(c.env.DB), c.env.SECRET_KEY, actor.tenantId).view() }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/settings/smtp",
      tags,
      description: "Sends the tenant's mail through its own SMTP relay. The password is stored encrypted and never returned.",
      middleware: [admins],
      request: { body: jsonBody(SmtpRelayInputSchema) },
      responses: { 200: jsonContent(z.object({ relay: SmtpRelaySchema })), ...errorResponses },
    }),
    async (c) => {
      const repo = smtpRelayRepo(createDb(c.env.DB), c.env.SECRET_KEY, c.get("actor").tenantId);
      await repo.save(c.req.valid("json"));
      return c.json({ relay: (await repo.view())! }, 200);
    },
  )
  .openapi(
    createRoute({ method: "delete", path: "/settings/smtp", tags, description: "Back to Cloudflare Email Service.", middleware: [admins], responses: { 204: { description: "Removed" }, ...errorResponses } }),
    async (c) => {
      await smtpRelayRepo(createDb(c.env.DB), c.env.SECRET_KEY, c.get("actor").tenantId).remove();
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/settings/smtp/test",
      tags,
      description: "Sends a test mail right now through the tenant's transport and reports the server's answer.",
      middleware: [admins],
      request: { body: jsonBody(TestMailSchema) },
      responses: { 200: jsonContent(TestMailResultSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const tenant = (await db.query.tenants.findFirst({ where: eq(tenants.id, actor.tenantId) }))!;
      const from = fromAddress(tenant, c.env.MAIL_DOMAIN, null);
      const { to } = c.req.valid("json");
      const transport = await transportFor(c.env, db, actor.tenantId);
      const raw = composeMime({
        from,
        replyTo: null,
        to: [{ address: to }],
        cc: [],
        subject: `Test mail from ${tenant.name}`,
        text: `This is a test mail from ${tenant.name}'s helpdesk. If you can read it, outgoing mail works.`,
        html: null,
        messageId: `<test.${crypto.randomUUID()}@${c.env.MAIL_DOMAIN}>`,
        inReplyTo: null,
        references: [],
        automatic: true,
        attachments: [],
      });
      try {
        const result = await transport.send({ from: from.address, recipients: [to], raw });
        return c.json({ ok: true, transport: transport.name, answer: result.answer }, 200);
      } catch (e) {
        const answer = e instanceof TransportError ? e.message : `unexpected error: ${(e as Error)?.message ?? e}`;
        return c.json({ ok: false, transport: transport.name, answer }, 200);
      }
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/outbound-mails",
      tags,
      description: "Outgoing mail, newest first; `status=failed` lists what could not be delivered.",
      middleware: [admins],
      request: { query: z.object({ status: z.enum(["queued", "sent", "failed"]).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }) },
      responses: { 200: jsonContent(z.object({ data: z.array(OutboundMailSchema) })), ...errorResponses },
    }),
    async (c) => {
      const page = await outboxPage(createDb(c.env.DB), c.get("actor").tenantId, c.req.valid("query"));
      const data = page.map(({ mail: m, recipients }) => ({
        id: m.id,
        ticketId: m.ticketId,
        articleId: m.articleId,
        kind: m.kind,
        subject: m.subject,
        status: m.status,
        attempts: m.attempts,
        lastError: m.lastError,
        recipients,
        createdAt: new Date(m.createdAt).toISOString(),
      }));
      return c.json({ data }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/outbound-mails/{id}/retry",
      tags,
      description: "Queues a failed mail again (e.g. after fixing the SMTP relay); recipients that failed are tried again.",
      middleware: [admins],
      request: { params: IdParam },
      responses: { 202: jsonContent(z.object({ queued: z.boolean() }), "Queued"), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const where = and(eq(outboundMails.tenantId, actor.tenantId), eq(outboundMails.id, c.req.valid("param").id));
      const mail = await db.query.outboundMails.findFirst({ where });
      if (!mail) throw new NotFoundError("Outbound mail");
      if (mail.status !== "failed") throw new ConflictError(`Only failed mail can be retried; this one is ${mail.status}`);
      const now = Date.now();
      await db.batch([
        db.update(outboundMails).set({ status: "queued", attempts: 0, nextAttemptAt: now }).where(where),
        // Bounced and suppressed recipients stay as they are; the policy check skips them again anyway.
        db
          .update(deliveries)
          .set({ status: "queued", error: null, updatedAt: now })
          .where(and(eq(deliveries.tenantId, actor.tenantId), eq(deliveries.mailId, mail.id), eq(deliveries.status, "failed"))),
      ]);
      await enqueue(c.env, [{ tenantId: actor.tenantId, messageId: mail.messageId }]);
      return c.json({ queued: true }, 202);
    },
  );
