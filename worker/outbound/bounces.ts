import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
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
 */
export async function recordBounce(db: Db, b: Bounce): Promise<void> {
  const recipient = b.recipient.trim().toLowerCase();
  const permanent = isPermanentFailure(b);
  const error = [b.statusCode, b.diagnostic].filter(Boolean).join(" ").slice(0, 1000) || (permanent ? "bounced" : "delivery failed");
  const now = Date.now();
  const writes = [
    db
      .update(deliveries)
      .set({ status: permanent ? "bounced" : "failed", error, updatedAt: now })
      .where(
        and(
          eq(deliveries.tenantId, b.tenantId),
          or(
            eq(deliveries.messageId, bracketed(b.messageId)),
            inArray(
              deliveries.mailId,
              db
                .select({ id: outboundMails.id })
                .from(outboundMails)
                .where(and(eq(outboundMails.tenantId, b.tenantId), eq(outboundMails.providerMessageId, bracketed(b.messageId)))),
            ),
          ),
          eq(deliveries.recipient, recipient),
        ),
      ),
    ...(permanent
      ? [
          db
            .insert(suppressedAddresses)
            .values({ tenantId: b.tenantId, address: recipient, reason: error, createdAt: now })
            .onConflictDoUpdate({ target: [suppressedAddresses.tenantId, suppressedAddresses.address], set: { reason: sql`excluded.reason` } }),
        ]
      : []),
  ];
  await db.batch(writes as [(typeof writes)[0], ...typeof writes]);
}
