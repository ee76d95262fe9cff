import { env } from "cloudflare:workers";
import PostalMime, { type Email } from "postal-mime";
import { inject } from "vitest";
import { createDb } from "../../worker/db/client";
import { outboxStatements, type OutboundMailDraft } from "../../worker/outbound/outbox";
import { createTicket } from "../../worker/tickets/service";
import type { SignedUpTenant } from "../helpers/api";

const sink = () => inject("mailSinkUrl");

/** Reads until at least `count` items come back (the queue works in the background). */
export async function poll<T>(what: string, read: () => Promise<T[]>, count: number, timeoutMs: number): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await read();
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} ${what}, found ${found.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SentMail {
  raw: string;
  parsed: Email;
  recipients?: string[];
  envelopeFrom?: string;
  /** Whether the SMTP session was encrypted when the mail was handed over. */
  secure?: boolean;
}

/** Mail the send_email binding wrote for `to` (miniflare's .eml files), parsed. */
export async function sentViaBinding(to: string, count = 1, timeoutMs = 8000): Promise<SentMail[]> {
  const raws = await poll("mails via send_email", async () => (await fetch(`${sink()}/send-email?to=${encodeURIComponent(to)}`)).json<string[]>(), count, timeoutMs);
  return Promise.all(raws.map(async (raw) => ({ raw, parsed: await PostalMime.parse(raw) })));
}

/** Mail the SMTP sink received for `to`, with its envelope, parsed. */
export async function sentViaSmtp(to: string, count = 1, timeoutMs = 8000): Promise<SentMail[]> {
  type Received = { raw: string; recipients: string[]; envelopeFrom: string; secure: boolean };
  const found = await poll("mails via SMTP", async () => (await fetch(`${sink()}/smtp?to=${encodeURIComponent(to)}`)).json<Received[]>(), count, timeoutMs);
  return Promise.all(found.map(async (m) => ({ ...m, parsed: await PostalMime.parse(m.raw) })));
}

/** Waits until an article's deliveries satisfy `done` (the queue delivers in the background). */
export async function deliveriesOf(
  t: SignedUpTenant,
  ticketId: number,
  articleId: number,
  done: (d: { recipient: string; status: string; error?: string }[]) => boolean,
  timeoutMs = 8000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await t.admin.get(`/tickets/${ticketId}/articles`);
    const article = data.find((a: { id: number }) => a.id === articleId);
    if (article && done(article.deliveries)) return article.deliveries as { recipient: string; status: string; error?: string }[];
    if (Date.now() > deadline) throw new Error(`deliveries never settled: ${JSON.stringify(article?.deliveries)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A ticket as a customer's email opened it: first article inbound with the customer's Message-ID. */
export async function ticketFromCustomerMail(
  t: SignedUpTenant,
  customer: { id: number; name: string; emails: string[] },
  opts: { subject: string; messageId: string; categoryId?: number | null; text?: string },
) {
  const created = await createTicket(createDb(env.DB), {
    tenantId: t.tenant.id,
    subject: opts.subject,
    channel: "email",
    customerId: customer.id,
    categoryId: opts.categoryId ?? null,
    actorId: null,
    article: {
      channel: "email",
      direction: "in",
      internal: false,
      from: { name: customer.name, address: customer.emails[0]! },
      to: [{ address: t.tenant.inboundAddress }],
      subject: opts.subject,
      text: opts.text ?? "Hello, my printer is broken.",
      messageId: opts.messageId,
    },
  });
  return created.ticketId!;
}

let unique = 0;
/** A customer address no other test (or other engineer's parallel run) uses. */
export const uniqueAddress = (local: string) => `${local}-${Date.now().toString(36)}-${unique++}@customer.example`;

/** An automatic mail to `to` about the ticket, not yet written anywhere. */
export const notificationDraft = (tenantId: number, ticketId: number, to: string, messageId = `<test-${crypto.randomUUID()}@edgedesk.test>`): OutboundMailDraft => ({
  tenantId,
  ticketId,
  kind: "notification",
  automatic: true,
  messageId,
  articleMessageId: null,
  from: { name: "Helpdesk", address: "help@edgedesk.test" },
  replyTo: null,
  to: [{ name: "", address: to }],
  cc: [],
  subject: "Your ticket",
  text: "We are on it.",
  html: null,
  inReplyTo: null,
  references: [],
  attachmentIds: [],
});

/** An automatic mail in the outbox, with a queued delivery to `to`, and no queue message: the test delivers it itself. */
export async function outboxMail(tenantId: number, ticketId: number, to: string, messageId?: string): Promise<OutboundMailDraft> {
  const draft = notificationDraft(tenantId, ticketId, to, messageId);
  await env.DB.batch(outboxStatements(createDb(env.DB), [draft]));
  return draft;
}
