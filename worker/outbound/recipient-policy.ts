import { and, eq, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../db/client";
import { inList } from "../db/json-rows";
import { inboundAddresses, suppressedAddresses, tenants } from "../db/schema";

/** Mailboxes that nobody reads or that answer automatically; writing to them only makes loops. */
const UNATTENDED = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer[-_.]?daemon|postmaster|bounces?)([+._-][^@]*)?@/i;

/**
 * What the policy decides by, as reads to put in a batch: which of `addresses` (lower-cased,
 * listed or as a subquery) failed permanently before, the tenant's own inbound addresses and
 * its settings (the From address).
 */
export function recipientPolicyReads(db: Db, tenantId: number, addresses: string[] | SQLWrapper) {
  return [
    db
      .select({ address: suppressedAddresses.address, reason: suppressedAddresses.reason })
      .from(suppressedAddresses)
      .where(and(eq(suppressedAddresses.tenantId, tenantId), inList(suppressedAddresses.address, addresses))),
    db.select({ address: inboundAddresses.address }).from(inboundAddresses).where(eq(inboundAddresses.tenantId, tenantId)),
    db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId)),
  ] as const;
}

type PolicyReads = ReturnType<typeof recipientPolicyReads>;
export type PolicyRows = readonly [Awaited<PolicyReads[0]>, Awaited<PolicyReads[1]>, Awaited<PolicyReads[2]>];

/**
 * Why we must not mail each of `addresses` (lower-cased), if we must not: permanently failed
 * before, a no-reply style mailbox, or one of the tenant's own addresses (that would loop).
 */
export function blockedAmong(addresses: string[], [suppressed, own, [tenant]]: PolicyRows, mailDomain: string): Map<string, string> {
  const blocked = new Map<string, string>();
  const ownAddresses = new Set([...own.map((o) => o.address.toLowerCase()), tenant?.settings.outgoingFromAddress?.toLowerCase()]);
  for (const address of addresses) {
    const suppressedRow = suppressed.find((s) => s.address === address);
    if (suppressedRow) blocked.set(address, `not sent: the address failed permanently before (${suppressedRow.reason})`);
    else if (UNATTENDED.test(address)) blocked.set(address, "not sent: no-reply address");
    else if (ownAddresses.has(address) || address.endsWith(`@${mailDomain.toLowerCase()}`)) blocked.set(address, "not sent: one of our own addresses");
  }
  return blocked;
}

/** `blockedAmong` for addresses in any case, with its reads. */
export async function blockedRecipients(db: Db, tenantId: number, mailDomain: string, addresses: string[]): Promise<Map<string, string>> {
  if (addresses.length === 0) return new Map();
  const lower = addresses.map((a) => a.toLowerCase());
  return blockedAmong(lower, await db.batch(recipientPolicyReads(db, tenantId, lower)), mailDomain);
}
