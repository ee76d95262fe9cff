import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client";
import { inboundAddresses, suppressedAddresses, tenants } from "../db/schema";

/** Mailboxes that nobody reads or that answer automatically; writing to them only makes loops. */
const UNATTENDED = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)([+._-][^@]*)?@/i;

/**
 * Why we must not mail each of `addresses`, if we must not: permanently failed before,
 * a no-reply style mailbox, or one of the tenant's own addresses (that would loop).
 */
export async function blockedRecipients(db: Db, tenantId: number, mailDomain: string, addresses: string[]): Promise<Map<string, string>> {
  const blocked = new Map<string, string>();
  if (addresses.length === 0) return blocked;
  const lower = addresses.map((a) => a.toLowerCase());
  const [suppressed, own, [tenant]] = await db.batch([
    db
      .select({ address: suppressedAddresses.address, reason: suppressedAddresses.reason })
      .from(suppressedAddresses)
      .where(and(eq(suppressedAddresses.tenantId, tenantId), inArray(suppressedAddresses.address, lower))),
    db.select({ address: inboundAddresses.address }).from(inboundAddresses).where(eq(inboundAddresses.tenantId, tenantId)),
    db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId)),
  ]);
  const ownAddresses = new Set([...own.map((o) => o.address.toLowerCase()), tenant?.settings.outgoingFromAddress?.toLowerCase()]);
  for (const address of lower) {
    const suppressedRow = suppressed.find((s) => s.address === address);
    if (suppressedRow) blocked.set(address, `not sent: the address failed permanently before (${suppressedRow.reason})`);
    else if (UNATTENDED.test(address)) blocked.set(address, "not sent: no-reply address");
    else if (ownAddresses.has(address) || address.endsWith(`@${mailDomain.toLowerCase()}`)) blocked.set(address, "not sent: one of our own addresses");
  }
  return blocked;
}
