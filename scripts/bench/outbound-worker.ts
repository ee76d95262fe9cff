// Bench-only Worker entry for `npm run bench:outbound`: the real Worker plus one route that
// takes a batch of replies in one request and runs, for each, exactly what the reply route
// does after authentication: read the ticket with its mail context and the author in one
// statement, render the reply mails (recipients, Reply-To, subject tag, thread ids) and their
// MIME, append the article with its outbox rows in one batch through the ticket's Durable
// Object, and queue the mails with the reply's notification job in one send. One local HTTP
// round trip per reply would dominate otherwise.
import worker from "../../worker/index";
import { eq } from "drizzle-orm";
import { createDb, type Db } from "../../worker/db/client";
import { outboundMails } from "../../worker/db/schema";
import type { Bindings } from "../../worker/env";
import { notifyJob, queueJobs } from "../../worker/notify/notify";
import { composeMime } from "../../worker/outbound/compose";
import { loadTicketMail } from "../../worker/outbound/mail-context";
import { enqueue } from "../../worker/outbound/outbox";
import { replyMails } from "../../worker/outbound/reply";
import { publishToTenant } from "../../worker/realtime/tenant-hub.do";
import { ticketRoom } from "../../worker/realtime/ticket-room.do";
import { appendArticle, type ArticleInput } from "../../worker/tickets/articles";

export * from "../../worker/index";

interface Agent {
  id: number;
  name: string;
  email: string;
}

interface Batch {
  tenantId: number;
  agent: Agent;
  ticketIds: number[];
  text: string;
  html: string;
}

const articleOf = (ticket: { channel: ArticleInput["channel"]; subject: string }, agent: Agent, text: string, html: string): ArticleInput => ({
  channel: ticket.channel,
  direction: "out",
  internal: false,
  from: { name: agent.name, address: agent.email },
  subject: ticket.subject,
  text,
  html,
  authorId: agent.id,
});

/** The reply route's read and render: mails drafted and their MIME built (what delivery sends, so each reply provably renders). */
async function render(env: Bindings, db: Db, tenantId: number, ticketId: number, agent: Agent, text: string, html: string) {
  const { ticket, context } = (await loadTicketMail(db, env.MAIL_DOMAIN, { tenantId, ticketId, personIds: [agent.id] }))!;
  const mailed = await replyMails(env, ticket, context, articleOf(ticket, agent, text, html), agent);
  for (const mail of mailed.mails) composeMime({ ...mail, automatic: false, attachments: [] });
  return mailed;
}

async function reply(env: Bindings, batch: Batch, ticketId: number) {
  const { tenantId, agent } = batch;
  const mailed = await render(env, createDb(env.DB), tenantId, ticketId, agent, batch.text, batch.html);
  const result = await ticketRoom(env, tenantId, ticketId).append({ tenantId, ticketId, article: mailed.article, outbound: mailed.mails });
  await queueJobs(env, [...mailed.mails, notifyJob(tenantId, { type: "article_added", ticketId, articleId: result.articleId!, actorId: agent.id })]);
  return mailed.mails.length;
}

/** Milliseconds per run of `step`, over `n` runs one after another. */
async function msPer(n: number, step: (i: number) => Promise<unknown> | unknown) {
  const t0 = Date.now();
  for (let i = 0; i < n; i++) await step(i);
  return (Date.now() - t0) / n;
}

/**
 * What one reply's parts cost on their own, one after another in this workerd (on a ticket
 * of its own, outside the timed set): the platform's floors (a trivial D1 query, a batch of
 * seven, a queue send, a call to a Durable Object that does nothing) and the reply's steps.
 */
async function floors(env: Bindings, tenantId: number, ticketId: number, agent: Agent) {
  const db = createDb(env.DB);
  const text = "Guten Tag,\n\nwir haben den Betrag korrigiert.";
  const html = "<p>Guten Tag,</p><p>wir haben den Betrag <b>korrigiert</b>.</p>";
  const { ticket, context } = (await loadTicketMail(db, env.MAIL_DOMAIN, { tenantId, ticketId, personIds: [agent.id] }))!;
  const draft = () => replyMails(env, ticket, context, articleOf(ticket, agent, text, html), agent);
  const mime = async () => {
    for (const mail of (await draft()).mails) composeMime({ ...mail, automatic: false, attachments: [] });
  };
  return {
    d1QueryMs: await msPer(200, () => env.DB.prepare("select 1").first()),
    d1BatchMs: await msPer(200, () => env.DB.batch(Array.from({ length: 7 }, () => env.DB.prepare("select 1")))),
    queueSendMs: await msPer(200, (i) => env.OUTBOX.sendBatch([{ body: { tenantId: 0, messageId: `<floor-${i}@bench.example>` } }])),
    // The tenant hub of a tenant nobody watches.
    durableObjectCallMs: await msPer(200, () => publishToTenant(env, 0, { t: "ticket", ticketId: 0, change: "article" })),
    readMs: await msPer(200, () => loadTicketMail(db, env.MAIL_DOMAIN, { tenantId, ticketId, personIds: [agent.id] })),
    renderMs: await msPer(200, mime),
    writeMs: await msPer(100, async () => {
      const mailed = await draft();
      await appendArticle(db, { tenantId, ticketId, article: mailed.article, outbound: mailed.mails });
    }),
    appendMs: await msPer(100, async () => {
      const mailed = await draft();
      await ticketRoom(env, tenantId, ticketId).append({ tenantId, ticketId, article: mailed.article, outbound: mailed.mails });
    }),
  };
}

export default {
  ...worker,
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext) {
    const url = new URL(request.url);
    if (url.pathname === "/api/__bench/floor") {
      const { tenantId, ticketId, agent } = (await request.json()) as { tenantId: number; ticketId: number; agent: Agent };
      return Response.json(await floors(env, tenantId, ticketId, agent));
    }
    // How far delivery got: outbox rows by kind and status.
    if (url.pathname === "/api/__bench/outbox") {
      const { results } = await env.DB.prepare("select kind, status, count(*) as n from outbound_mails group by kind, status").all();
      return Response.json(results);
    }
    // The local queue forgets its messages when wrangler dev restarts (Cloudflare Queues keep
    // them): the timed phases' delivery jobs go back on it, as they would still be there.
    if (url.pathname === "/api/__bench/requeue") {
      const queued = await createDb(env.DB)
        .select({ tenantId: outboundMails.tenantId, messageId: outboundMails.messageId })
        .from(outboundMails)
        .where(eq(outboundMails.status, "queued"));
      await enqueue(env, queued);
      return Response.json({ requeued: queued.length });
    }
    if (url.pathname !== "/api/__bench/outbound") return worker.fetch(request, env, ctx);
    const batch = (await request.json()) as Batch;
    const queued = await Promise.all(batch.ticketIds.map((id) => reply(env, batch, id)));
    return Response.json({ replies: batch.ticketIds.length, queued: queued.reduce((a, b) => a + b, 0) });
  },
} satisfies ExportedHandler<Bindings>;
