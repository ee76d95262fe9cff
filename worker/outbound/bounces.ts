import { and, eq, inArray, not, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client";
import type { Bindings } from "../env";
import { escalateFailedNotification } from "../notify/escalate-failed";
import { deliveries, outboundMails, suppressedAddresses } from "../db/schema";

export interface Bounce {
  tenantId: number;
  /** Message-ID of the mail of ours that bounced, with or without angle brackets. */
  messageId: string;
  recipient: string;
  /** Enhanced status code from the DSN (`5.1.1`), when the report had one. */
  statusCode: string | null;
  permanent: boolean;
  diagnostic: string | null;
}

const bracketed = (id: string) => `<${id.trim().replace(/^<|>$/g, "")}>`;

/** A permanent failure is a 5.x.x status; without a code we trust the report's own verdict. */
export const isPermanentFailure = (b: Pick<Bounce, "statusCode" | "permanent">) =>
  b.statusCode ? b.statusCode.trim().startsWith("5") : b.permanent;

/**
 * Records a delivery status notification for one recipient of one of our mails: the
 * delivery shows `bounced` (permanent) or `failed` (temporary, the remote gave up later),
 * and a permanently failing address is suppressed so that we never send to it again.
 * Returns the mails whose delivery failed just now (not already before, by the transport or
 * an earlier report), so that their consequences happen once.
 */
export async function recordBounce(db: Db, b: Bounce): Promise<number[]> {
  const recipient = b.recipient.trim().toLowerCase();
  const permanent = isPermanentFailure(b);
  const error = [b.statusCode, b.diagnostic].filter(Boolean).join(" ").slice(0, 1000) || (permanent ? "bounced" : "delivery failed");
  const now = Date.now();
  const failedBefore = inArray(deliveries.status, ["failed", "bounced"]);
  const update = () => db.update(deliveries).set({ status: permanent ? "bounced" : "failed", error, updatedAt: now });
  // The report names our Message-ID or the one the provider gave the mail. Either finds the
  // mail by its own index (a union: with OR, SQLite read all the tenant's mail), and the mail
  // its deliveries.
  const id = bracketed(b.messageId);
  const mailWith = (column: typeof outboundMails.messageId | typeof outboundMails.providerMessageId) =>
    db.select({ id: outboundMails.id }).from(outboundMails).where(and(eq(outboundMails.tenantId, b.tenantId), eq(column, id)));
  const match = and(eq(deliveries.tenantId, b.tenantId), inArray(deliveries.mailId, unionAll(mailWith(outboundMails.messageId), mailWith(outboundMails.providerMessageId))), eq(deliveries.recipient, recipient));
  const [, newlyFailed] = await db.batch([
    // A later, more precise report (a permanent bounce after a temporary one) still updates the row.
    update().where(and(match, failedBefore)),
    update().where(and(match, not(failedBefore))).returning({ mailId: deliveries.mailId }),
    ...(permanent
      ? [
          db
            .insert(suppressedAddresses)
            .values({ tenantId: b.tenantId, address: recipient, reason: error, createdAt: now })
            .onConflictDoUpdate({ target: [suppressedAddresses.tenantId, suppressedAddresses.address], set: { reason: sql`excluded.reason` } }),
        ]
      : []),
  ]);
  return [...new Set(newlyFailed.map((d) => d.mailId))];
}

/**
 * Records a bounce report; a notification it made undeliverable goes one group further up
 * the escalation chain, as after a transport failure (outbound/queue.ts), and only once.
 */
export async function handleBounce(env: Bindings, db: Db, b: Bounce): Promise<void> {
  for (const mailId of await recordBounce(db, b)) {
    await escalateFailedNotification(env, b.tenantId, mailId).catch((e) => console.error("escalation failed", e));
  }
}
