import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { inList } from "../db/json-rows";
import { attachments, deliveries, outboundMails, smtpRelays, suppressedAddresses } from "../db/schema";
import type { Bindings } from "../env";
import { composeMime, type MailAttachment } from "./compose";
import { CLAIM_LEASE_MS } from "./outbox";
import { blockedAmong, recipientPolicyReads } from "./recipient-policy";
import { relayOptions, relayRow } from "./smtp-relay";
import { sendEmailTransport } from "./transports/send-email";
import { smtpTransport } from "./transports/smtp";
import { TransportError, type Transport } from "./transports/transport";

/** Waits between tries: 30 s, 2 min, 10 min, 30 min, 2 h; after the last one the mail is dead-lettered. */
export const BACKOFF_SECONDS = [30, 120, 600, 1800, 7200];
export const MAX_ATTEMPTS = BACKOFF_SECONDS.length + 1;

export type DeliveryOutcome =
  | { state: "sent" | "skipped" }
  | { state: "failed"; mail: Pick<MailRow, "id" | "kind" | "ticketId"> }
  | { state: "retry"; retryInSeconds: number };

type MailRow = typeof outboundMails.$inferSelect;

/** The tenant's SMTP relay (`relay`, its settings row) when configured and switched on, else Cloudflare Email Service. */
async function transportOf(env: Bindings, relay: typeof smtpRelays.$inferSelect | undefined): Promise<Transport> {
  const options = await relayOptions(relay, env.SECRET_KEY);
  return options ? smtpTransport(options) : sendEmailTransport(env.MAILER);
}

/** The transport the tenant's mail leaves by (see `transportOf`). */
export async function transportFor(env: Bindings, db: Db, tenantId: number): Promise<Transport> {
  const [relay] = await relayRow(db, tenantId);
  return transportOf(env, relay);
}

async function loadAttachments(env: Bindings, db: Db, mail: MailRow): Promise<MailAttachment[]> {
  if (mail.attachmentIds.length === 0) return [];
  const rows = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.tenantId, mail.tenantId), inList(attachments.id, mail.attachmentIds)));
  return Promise.all(
    rows.map(async (row) => {
      const object = await env.FILES.get(row.r2Key);
      if (!object) throw new Error(`attachment ${row.id} is missing from storage`);
      return { filename: row.filename, contentType: row.contentType, content: new Uint8Array(await object.arrayBuffer()) };
    }),
  );
}

/**
 * Takes the mail for this worker: only a queued mail whose time has come, and it is leased
 * for a while so that a second copy of the queue message or the sweep does not send it twice.
 * What the try needs comes in the same round trip: the recipients still to send to, the
 * recipient policy's data on them and the tenant's relay.
 */
async function claim(db: Db, tenantId: number, messageId: string, now: number) {
  const ofMail = and(eq(outboundMails.tenantId, tenantId), eq(outboundMails.messageId, messageId));
  const pendingQuery = db
    .select({ recipient: deliveries.recipient })
    .from(deliveries)
    .where(and(eq(deliveries.tenantId, tenantId), inArray(deliveries.mailId, db.select({ id: outboundMails.id }).from(outboundMails).where(ofMail)), eq(deliveries.status, "queued")));
  const [[mail], recipients, suppressed, own, tenant, [relay]] = await db.batch([
    db
      .update(outboundMails)
      .set({ nextAttemptAt: now + CLAIM_LEASE_MS })
      // A little slack: the queue's retry delay and our own clock never agree to the millisecond.
      .where(and(ofMail, eq(outboundMails.status, "queued"), lte(outboundMails.nextAttemptAt, now + 5_000)))
      .returning(),
    pendingQuery,
    ...recipientPolicyReads(db, tenantId, pendingQuery),
    relayRow(db, tenantId),
  ]);
  if (!mail) return null;
  return { mail, pending: recipients.map((d) => d.recipient), policy: [suppressed, own, tenant] as const, relay };
}

const setDeliveries = (db: Db, mail: MailRow, recipients: string[], values: Partial<typeof deliveries.$inferInsert>) =>
  db
    .update(deliveries)
    .set({ ...values, updatedAt: Date.now() })
    .where(and(eq(deliveries.tenantId, mail.tenantId), eq(deliveries.mailId, mail.id), eq(deliveries.status, "queued"), inList(deliveries.recipient, recipients)));

/**
 * One try at sending one outbox mail. Transport failures never throw: they are written to
 * the mail and its deliveries, and the caller is told when to try again.
 */
export async function deliverMail(env: Bindings, tenantId: number, messageId: string, now = Date.now()): Promise<DeliveryOutcome> {
  const db = createDb(env.DB);
  const claimed = await claim(db, tenantId, messageId, now);
  if (!claimed) return { state: "skipped" };
  const { mail, pending } = claimed;
  const blocked = blockedAmong(pending, claimed.policy, env.MAIL_DOMAIN);
  const blockedWrites = [...blocked].map(([recipient, reason]) => setDeliveries(db, mail, [recipient], { status: "failed", error: reason }));
  const recipients = pending.filter((r) => !blocked.has(r));

  if (recipients.length === 0) {
    await db.batch([
      db.update(outboundMails).set({ status: "failed", lastError: "no deliverable recipient" }).where(eq(outboundMails.id, mail.id)),
      ...blockedWrites,
    ]);
    return { state: "failed", mail };
  }

  try {
    const raw = composeMime({ ...mail, attachments: await loadAttachments(env, db, mail) });
    const transport = await transportOf(env, claimed.relay);
    const result = await transport.send({ from: mail.from.address, recipients, raw });
    await db.batch([
      db
        .update(outboundMails)
        .set({ status: "sent", sentAt: Date.now(), attempts: mail.attempts + 1, lastError: null, providerMessageId: result.providerMessageId })
        .where(eq(outboundMails.id, mail.id)),
      setDeliveries(db, mail, recipients, { status: "sent", error: null }),
      ...blockedWrites,
    ]);
    return { state: "sent" };
  } catch (e) {
    const error = e instanceof TransportError ? e : new TransportError(e instanceof Error ? e.message : String(e), false);
    const attempts = mail.attempts + 1;
    const refused = error.rejectedRecipients.filter((r) => recipients.includes(r));
    const giveUp = (error.permanent && refused.length === 0) || attempts >= MAX_ATTEMPTS;
    const retryInSeconds = BACKOFF_SECONDS[attempts - 1] ?? 0;
    const message = error.message.slice(0, 1000);
    // Recipients the server refused by name fail now; the others wait for the next try.
    const remaining = recipients.filter((r) => !refused.includes(r));
    const finished = giveUp || remaining.length === 0;
    await db.batch([
      db
        .update(outboundMails)
        .set({
          attempts,
          lastError: message,
          status: finished ? "failed" : "queued",
          nextAttemptAt: finished ? mail.nextAttemptAt : now + retryInSeconds * 1000,
        })
        .where(eq(outboundMails.id, mail.id)),
      setDeliveries(db, mail, refused, { status: "failed", error: message }),
      // Refused by name with a 5xx: the address is dead, so we never write to it again.
      ...refused.map((address) =>
        db.insert(suppressedAddresses).values({ tenantId, address, reason: message.slice(0, 300), createdAt: now }).onConflictDoNothing(),
      ),
      setDeliveries(db, mail, remaining, giveUp ? { status: "failed", error: `gave up after ${attempts} tries: ${message}` } : { error: `retrying: ${message}` }),
      ...blockedWrites,
    ]);
    return finished ? { state: "failed", mail } : { state: "retry", retryInSeconds };
  }
}

/** Marks a mail the queue gave up on (its consumer kept throwing) as failed, so nobody waits for it. */
export async function deadLetter(env: Bindings, tenantId: number, messageId: string): Promise<void> {
  const db = createDb(env.DB);
  const [mail] = await db
    .update(outboundMails)
    .set({ status: "failed", lastError: sql`coalesce(${outboundMails.lastError}, 'dead-lettered by the delivery queue')` })
    .where(and(eq(outboundMails.tenantId, tenantId), eq(outboundMails.messageId, messageId), eq(outboundMails.status, "queued")))
    .returning();
  if (mail) {
    await db
      .update(deliveries)
      .set({ status: "failed", error: "dead-lettered by the delivery queue", updatedAt: Date.now() })
      .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.mailId, mail.id), eq(deliveries.status, "queued")));
  }
}

