import { createRoute, z } from "@hono/zod-openapi";
import { createDb } from "../db/client";
import { ForbiddenError, NotFoundError } from "../http/errors";
import { requireRole } from "../http/middleware";
import { createRouter, errorResponses, IdParam, jsonBody, jsonContent } from "../http/openapi";
import { notifyJob, notifyLater, queueJobs } from "../notify/notify";
import { isMailedReply, replyMails } from "../outbound/reply";
import { announce } from "../realtime/routes";
import { ticketRoom } from "../realtime/ticket-room.do";
import { articleBody } from "./article-content";
import { editArticle } from "./article-edit";
import { assertAttachable, type ArticleInput } from "./articles";
import { ticketRepo } from "./repo";
import { ArticleEditSchema, ArticleSchema, NewArticleSchema } from "./schemas";

const tags = ["Tickets"];

const ArticleParams = IdParam.extend({
  articleId: z.coerce.number().int().positive().openapi({ param: { name: "articleId", in: "path" }, example: 1 }),
});

/** A ticket's messages: reading, adding (replies go out by mail), and correcting them. */
export const articleRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/tickets/{id}/articles", tags, request: { params: IdParam }, responses: { 200: jsonContent(z.object({ data: z.array(ArticleSchema) })), ...errorResponses } }),
    async (c) => c.json({ data: (await ticketRepo(createDb(c.env.DB), c.get("actor")).detail(c.req.valid("param").id)).articles }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/tickets/{id}/articles",
      tags,
      description: "Adds a reply or, with `internal: true`, an internal note (agents only).",
      request: { params: IdParam, body: jsonBody(NewArticleSchema) },
      responses: { 201: jsonContent(ArticleSchema, "Created"), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const repo = ticketRepo(db, actor);
      // The ticket, its mail context and the caller (as the message's From) in one read.
      const { ticket, context } = await repo.rowWithMail(c.req.valid("param").id, c.env.MAIL_DOMAIN, [actor.userId]);
      const me = context.people.find((p) => p.id === actor.userId);
      const input = c.req.valid("json");
      const fromAgent = actor.role !== "customer";
      if (input.internal && !fromAgent) throw new ForbiddenError("Only agents write internal notes");
      await assertAttachable(db, actor.tenantId, input.attachmentIds);
      const article: ArticleInput = {
        channel: input.internal ? "web" : (input.channel ?? (fromAgent ? ticket.channel : "web")),
        direction: fromAgent ? "out" : "in",
        internal: input.internal,
        from: { name: me?.name ?? "", address: me?.email ?? "" },
        subject: ticket.subject,
        ...(await articleBody(input.text, input.html)),
        authorId: actor.userId,
        attachmentIds: input.attachmentIds,
      };
      // A customer writing on a resolved or closed ticket wants it looked at again.
      const reopen = !fromAgent && (ticket.status === "resolved" || ticket.status === "closed");
      const mailed = isMailedReply(article) ? await replyMails(c.env, ticket, context, article, { id: actor.userId, name: article.from?.name ?? "" }) : null;
      const result = await ticketRoom(c.env, actor.tenantId, ticket.id).append({
        tenantId: actor.tenantId,
        ticketId: ticket.id,
        article: mailed?.article ?? article,
        status: reopen ? "open" : undefined,
        outbound: mailed?.mails,
      });
      // A duplicate cannot come from this route: API articles carry no Message-ID of their own.
      if (result.duplicate) throw new NotFoundError("Article");
      // The reply's mails and the notification job leave in one send.
      await queueJobs(c.env, [...(mailed?.mails ?? []), notifyJob(actor.tenantId, { type: "article_added", ticketId: ticket.id, articleId: result.articleId, actorId: actor.userId })]);
      return c.json(await repo.article(ticket.id, result.articleId), 201);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/tickets/{id}/articles/{articleId}",
      tags,
      description:
        "Corrects a message's text/html (staff: agents their own messages, admins any; not auto-replies or bounces). The previous text is kept in the audit log; mail already sent is not sent again. Editing the ticket's last public message triggers the `reply_edited` notification.",
      middleware: [requireRole("admin", "agent")],
      request: { params: ArticleParams, body: jsonBody(ArticleEditSchema) },
      responses: { 200: jsonContent(ArticleSchema), ...errorResponses },
    }),
    async (c) => {
      const actor = c.get("actor");
      const db = createDb(c.env.DB);
      const repo = ticketRepo(db, actor);
      const { id, articleId } = c.req.valid("param");
      const ticket = await repo.row(id);
      const input = c.req.valid("json");
      const { lastPublic } = await editArticle(db, actor, ticket.id, articleId, await articleBody(input.text, input.html));
      announce(c, { t: "ticket", ticketId: ticket.id, change: "updated" });
      if (lastPublic) notifyLater(c.executionCtx, c.env, actor.tenantId, { type: "reply_edited", ticketId: ticket.id, articleId, actorId: actor.userId });
      return c.json(await repo.article(ticket.id, articleId), 200);
    },
  );
