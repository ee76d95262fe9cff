import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { aliased, jsonArrays, member, none } from "../db/json-rows";
import { prepareWrite } from "../db/prepared";
import { articles, deliveries, outboundMails, type Address } from "../db/schema";
import type { Bindings } from "../env";
import { withinLoopLimit, type LoopLimit } from "../notify/loop-limits";
import type { TicketChange } from "../notify/notify";
import type { MailContent } from "./compose";

type Kind = (typeof outboundMails.$inferInsert)["kind"];

/** A mail to put in the outbox: the wire content, with stored files by id; plain data, so it can travel to the ticket's Durable Object. */
export interface OutboundMailDraft extends Omit<MailContent, "attachments"> {
  tenantId: number;
  ticketId: number | null;
  kind: Kind;
  /** Links the mail to the article written in the same batch (found by its Message-ID). */
  articleMessageId: string | null;
  attachmentIds: number[];
  /** An automatic mail's loop limit: the write leaves the mail out if it would go past it. */
  loopLimit?: LoopLimit;
}

/** A queue message that delivers one outbox row: enough to find the row again. */
export interface DeliveryJob {
  tenantId: number;
  messageId: string;
}

/** A queue message that works out and queues the notifications one ticket change calls for. */
export interface NotifyJob {
  tenantId: number;
  notify: TicketChange;
}

/** What the outbox queue carries: both kinds travel together, so a reply costs one send. */
export type OutboxMessage = DeliveryJob | NotifyJob;

export const recipientsOf = (d: Pick<OutboundMailDraft, "to" | "cc">) => [...new Set([...d.to, ...d.cc].map((a) => a.address.trim().toLowerCase()))];

const articleIdOfMember = sql<number | null>`(select id from ${articles} a where a.tenant_id = value ->> 'tenantId' and a.message_id = value ->> 'articleMessageId')`;

/**
 * The outbox rows go in as one JSON array per table, so each insert is the same statement
 * whatever the number of mails and recipients, and drizzle builds it once (see `prepareWrite`).
 * Ids are found by Message-ID because the batch has not assigned them yet.
 */
const insertMails = prepareWrite<{ mails: string }>((db, p) =>
  db.insert(outboundMails).select(
    db
      .select(
        aliased({
          id: none,
          tenantId: member<number>("tenantId"),
          ticketId: member<number | null>("ticketId"),
          articleId: articleIdOfMember,
          kind: member<Kind>("kind"),
          automatic: member<boolean>("automatic"),
          messageId: member<string>("messageId"),
          providerMessageId: none,
          from: member<Address>("from", "->"),
          replyTo: member<string | null>("replyTo"),
          to: member<Address[]>("to", "->"),
          cc: member<Address[]>("cc", "->"),
          subject: member<string>("subject"),
          text: member<string>("text"),
          html: member<string | null>("html"),
          inReplyTo: member<string | null>("inReplyTo"),
          references: member<string[]>("references", "->"),
          attachmentIds: member<number[]>("attachmentIds", "->"),
          status: sql<"queued">`'queued'`,
          attempts: sql<number>`0`,
          nextAttemptAt: member<number>("now"),
          lastError: none,
          createdAt: member<number>("now"),
          sentAt: none,
        }),
      )
      .from(sql`json_each(${p("mails")})`)
      .where(withinLoopLimit),
  ),
);

const insertDeliveries = prepareWrite<{ recipients: string }>((db, p) =>
  db.insert(deliveries).select(
    db
      .select(
        aliased({
          id: none,
          tenantId: member<number>("tenantId"),
          mailId: sql<number>`${outboundMails.id}`,
          articleId: articleIdOfMember,
          recipient: member<string>("recipient"),
          status: sql<"queued">`'queued'`,
          error: none,
          createdAt: member<number>("now"),
          updatedAt: member<number>("now"),
        }),
      )
      .from(sql`json_each(${p("recipients")})`)
      // Joined by Message-ID, so a mail the insert left out (past its loop limit) has no deliveries.
      .innerJoin(outboundMails, and(eq(outboundMails.tenantId, sql`value ->> 'tenantId'`), eq(outboundMails.messageId, sql`value ->> 'messageId'`))),
  ),
);

/**
 * Statements that put `drafts` in the outbox with one queued delivery per recipient, for use
 * inside the batch that writes the article, so the reply and its delivery exist together or
 * not at all: one insert for the mails and one for their deliveries, however many recipients
 * (more only when the mails' text outgrows one D1 value, see `jsonArrays`).
 */
export function outboxStatements(db: Db, drafts: OutboundMailDraft[], now = Date.now()): D1PreparedStatement[] {
  if (drafts.length === 0) return [];
  const mails = drafts.map((draft) => ({
    tenantId: draft.tenantId,
    ticketId: draft.ticketId,
    articleMessageId: draft.articleMessageId,
    kind: draft.kind,
    automatic: draft.automatic ? 1 : 0,
    messageId: draft.messageId,
    from: draft.from,
    replyTo: draft.replyTo,
    to: draft.to,
    cc: draft.cc,
    subject: draft.subject,
    text: draft.text,
    html: draft.html,
    inReplyTo: draft.inReplyTo,
    references: draft.references,
    attachmentIds: draft.attachmentIds,
    limit: draft.loopLimit ?? null,
    now,
  }));
  const recipients = drafts.flatMap((draft) =>
    recipientsOf(draft).map((recipient) => ({ tenantId: draft.tenantId, messageId: draft.messageId, articleMessageId: draft.articleMessageId, recipient, now })),
  );
  return [...jsonArrays(mails).map((json) => insertMails(db, { mails: json })), ...jsonArrays(recipients).map((json) => insertDeliveries(db, { recipients: json }))];
}

/** Writes mails that belong to no article (notifications, test mail) and queues them. */
export async function queueMails(env: Bindings, db: Db, drafts: OutboundMailDraft[]): Promise<void> {
  const statements = outboxStatements(db, drafts);
  if (statements.length === 0) return;
  await db.$client.batch(statements);
  await enqueue(env, drafts);
}

/** Only the fields a job needs: a mail draft is handed in whole but travels as its ids. */
const bodyOf = (job: OutboxMessage): OutboxMessage => ("notify" in job ? { tenantId: job.tenantId, notify: job.notify } : { tenantId: job.tenantId, messageId: job.messageId });

/**
 * Hands jobs to the outbox queue, in one send per hundred. Mail rows are already written, so
 * a queue hiccup only delays them: the cron sweep finds queued mail nobody picked up and
 * enqueues it again. A notification has no row to find again, so it is returned to the caller.
 */
export async function enqueue(env: Bindings, jobs: OutboxMessage[]): Promise<NotifyJob[]> {
  const unsent: NotifyJob[] = [];
  for (let i = 0; i < jobs.length; i += 100) {
    const chunk = jobs.slice(i, i + 100);
    try {
      await env.OUTBOX.sendBatch(chunk.map((job) => ({ body: bodyOf(job) })));
    } catch (e) {
      console.error("outbox enqueue failed; the cron sweep will retry its mail", e);
      unsent.push(...chunk.filter((job): job is NotifyJob => "notify" in job));
    }
  }
  return unsent;
}

/** How long a claimed mail is left alone before the sweep assumes its worker died. */
export const CLAIM_LEASE_MS = 2 * 60_000;

/** How long a mail waits in the queue before the sweep takes it for lost. */
export const SWEEP_AFTER_MS = 60_000;

/**
 * Re-enqueues queued mail whose turn came and went without a worker taking it, and returns
 * the jobs it enqueued. Its turn is set to now as it goes back on the queue, so a backlog the
 * queue is still working through is not enqueued again on every sweep, only when it waits
 * another minute.
 */
export async function sweepOutbox(env: Bindings, db: Db, now = Date.now()): Promise<DeliveryJob[]> {
  const overdue = db
    .select({ id: outboundMails.id })
    .from(outboundMails)
    .where(and(eq(outboundMails.status, "queued"), lte(outboundMails.nextAttemptAt, now - SWEEP_AFTER_MS)))
    .limit(500);
  const stale = await db
    .update(outboundMails)
    .set({ nextAttemptAt: now })
    .where(inArray(outboundMails.id, overdue))
    .returning({ tenantId: outboundMails.tenantId, messageId: outboundMails.messageId });
  await enqueue(env, stale);
  return stale;
}
