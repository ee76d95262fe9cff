// Bench-only Worker entry for `npm run bench:outbound`: the real Worker plus one route that
// takes a batch of replies in one request and runs, for each, exactly what the reply route
// does after authentication: render the reply mails (recipients, Reply-To, subject tag,
// thread ids) and their MIME, append the article with its outbox rows in one batch through
// the ticket's Durable Object, and queue the mails with the reply's notification job in one
// send. One local HTTP round trip per reply would dominate otherwise.
import { and, eq } from "drizzle-orm";
import worker from "../../worker/index";
import { createDb } from "../../worker/db/client";
import { tickets } from "../../worker/db/schema";
import type { Bindings } from "../../worker/env";
import { notifyJob, queueJobs } from "../../worker/notify/notify";
import { composeMime } from "../../worker/outbound/compose";
import { replyMails } from "../../worker/outbound/reply";
import { ticketRoom } from "../../worker/realtime/ticket-room.do";

export * from "../../worker/index";

interface Batch {
  tenantId: number;
  agent: { id: number; name: string; email: string };
  ticketIds: number[];
  text: string;
  html: string;
}

/** Wall time spent in each stage, summed over replies (they overlap, so read them as shares). */
const stages = { load: 0, render: 0, append: 0, enqueue: 0 };

async function reply(env: Bindings, batch: Batch, ticketId: number) {
  const db = createDb(env.DB);
  let t = Date.now();
  const lap = (stage: keyof typeof stages) => {
    const now = Date.now();
    stages[stage] += now - t;
    t = now;
  };
  const ticket = (await db.query.tickets.findFirst({ where: and(eq(tickets.tenantId, batch.tenantId), eq(tickets.id, ticketId)) }))!;
  const article = {
    channel: ticket.channel,
    direction: "out" as const,
    internal: false,
    from: { name: batch.agent.name, address: batch.agent.email },
    subject: ticket.subject,
    text: batch.text,
    html: batch.html,
    authorId: batch.agent.id,
  };
  lap("load");
  const mailed = await replyMails(env, db, ticket, article, { id: batch.agent.id, name: batch.agent.name });
  // The MIME is what delivery sends; rendering it here proves each reply renders completely.
  for (const mail of mailed.mails) composeMime({ ...mail, automatic: false, attachments: [] });
  lap("render");
  const result = await ticketRoom(env, batch.tenantId, ticketId).append({ tenantId: batch.tenantId, ticketId, article: mailed.article, outbound: mailed.mails });
  lap("append");
  await queueJobs(env, [...mailed.mails, notifyJob(batch.tenantId, { type: "article_added", ticketId, articleId: result.articleId!, actorId: batch.agent.id })]);
  lap("enqueue");
  return mailed.mails.length;
}

export default {
  ...worker,
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext) {
    // Floors of the local platform, for reading the figure: one trivial D1 query, a batch of
    // seven reads (what a reply reads), one queue send, one MIME message.
    if (new URL(request.url).pathname === "/api/__bench/floor") {
      const t0 = Date.now();
      for (let i = 0; i < 200; i++) await env.DB.prepare("select 1").first();
      const t1 = Date.now();
      const mail = { from: { address: "a@b.example", name: "Jürgen" }, replyTo: null, to: [{ address: "z@y.example", name: "Zoë" }], cc: [] };
      for (let i = 0; i < 200; i++) {
        composeMime({ ...mail, subject: "Grüße [#1]", text: "Guten Tag ".repeat(40), html: "<p>Guten Tag</p>", messageId: "<a@b.example>", inReplyTo: null, references: [], automatic: false, attachments: [] });
      }
      const t2 = Date.now();
      for (let i = 0; i < 200; i++) await env.DB.batch(Array.from({ length: 7 }, () => env.DB.prepare("select 1")));
      const t3 = Date.now();
      for (let i = 0; i < 200; i++) await env.OUTBOX.sendBatch([{ body: { tenantId: 0, messageId: `<floor-${i}@bench.example>` } }]);
      const t4 = Date.now();
      return Response.json({ d1QueryMs: (t1 - t0) / 200, mimeMs: (t2 - t1) / 200, d1BatchMs: (t3 - t2) / 200, queueSendMs: (t4 - t3) / 200 });
    }
    // How far delivery got: outbox rows by kind and status.
    if (new URL(request.url).pathname === "/api/__bench/outbox") {
      const { results } = await env.DB.prepare("select kind, status, count(*) as n from outbound_mails group by kind, status").all();
      return Response.json(results);
    }
    if (new URL(request.url).pathname !== "/api/__bench/outbound") return worker.fetch(request, env, ctx);
    const batch = (await request.json()) as Batch;
    const queued = await Promise.all(batch.ticketIds.map((id) => reply(env, batch, id)));
    return Response.json({ replies: batch.ticketIds.length, queued: queued.reduce((a, b) => a + b, 0), stages });
  },
} satisfies ExportedHandler<Bindings>;
