import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { deliveries, outboundMails } from "../db/schema";
import type { Bindings } from "../env";
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

/**
 * Statements that put `drafts` in the outbox with one queued delivery per recipient, for use
 * inside the batch that writes the article, so the reply and its delivery exist together or
 * not at all: one multi-row insert for the mails and one for their deliveries, however many
 * recipients. Ids are found by Message-ID because the batch has not assigned them yet.
 */
export function outboxStatements(db: Db, drafts: OutboundMailDraft[], now = Date.now()) {
  if (drafts.length === 0) return [];
  const articleIdOf = (draft: OutboundMailDraft) =>
    (draft.articleMessageId ? sql`(select id from articles where tenant_id = ${draft.tenantId} and message_id = ${draft.articleMessageId})` : null) as unknown as number;
  const mailIdOf = (draft: OutboundMailDraft) => sql`(select id from outbound_mails where tenant_id = ${draft.tenantId} and message_id = ${draft.messageId})` as unknown as number;
  const mails = db.insert(outboundMails).values(
    drafts.map((draft) => ({
      tenantId: draft.tenantId,
      ticketId: draft.ticketId,
      articleId: articleIdOf(draft),
      kind: draft.kind,
      automatic: draft.automatic,
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
      status: "queued" as const,
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
  const recipients = drafts.flatMap((draft) =>
    recipientsOf(draft).map((recipient) => ({
      tenantId: draft.tenantId,
      mailId: mailIdOf(draft),
      articleId: articleIdOf(draft),
      messageId: draft.messageId,
      recipient,
      status: "queued" as const,
      createdAt: now,
      updatedAt: now,
    })),
  );
  return recipients.length ? [mails, db.insert(deliveries).values(recipients)] : [mails];
}

/** Writes mails that belong to no article (notifications, test mail) and queues them. */
export async function queueMails(env: Bindings, db: Db, drafts: OutboundMailDraft[]): Promise<void> {
  const [mails, ...recipients] = outboxStatements(db, drafts);
  if (!mails) return;
  await db.batch([mails, ...recipients]);
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

/** Re-enqueues queued mail whose turn came and went without a worker taking it. */
export async function sweepOutbox(env: Bindings, db: Db, now = Date.now()): Promise<number> {
  const stale = await db
    .select({ tenantId: outboundMails.tenantId, messageId: outboundMails.messageId })
    .from(outboundMails)
    .where(and(eq(outboundMails.status, "queued"), lte(outboundMails.nextAttemptAt, now - 60_000)))
    .limit(500);
  await enqueue(env, stale);
  return stale.length;
}
