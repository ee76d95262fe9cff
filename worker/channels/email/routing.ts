import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { inboundAddresses } from "../../db/schema";

export interface Route {
  tenantId: number;
  /** The category the address names; null means the tenant's default. */
  categoryId: number | null;
}

// <slug>+<categoryId> or <slug>+<categoryId>-<free word>
const PLUS = /^([^+@]+)\+(\d{1,9})(?:-[^@]*)?$/;

/**
 * Which tenant (and category) an envelope recipient belongs to: a registered address
 * (standard or a tenant's custom one) exactly, else `<slug>+<categoryId>[-word]@MAIL_DOMAIN`.
 * Null for anything else, which the adapter rejects.
 */
export async function routeRecipient(db: Db, mailDomain: string, recipient: string): Promise<Route | null> {
  const address = recipient.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  if (at < 1) return null;
  const [local, domain] = [address.slice(0, at), address.slice(at + 1)];
  const lookup = async (a: string) =>
    (await db.select({ tenantId: inboundAddresses.tenantId, categoryId: inboundAddresses.categoryId }).from(inboundAddresses).where(eq(inboundAddresses.address, a)))[0];

  const exact = await lookup(address);
  if (exact) return exact;
  if (domain !== mailDomain.toLowerCase() || !local.includes("+")) return null;
  const slug = local.slice(0, local.indexOf("+"));
  const standard = await db
    .select({ tenantId: inboundAddresses.tenantId })
    .from(inboundAddresses)
    .where(and(eq(inboundAddresses.address, `${slug}@${domain}`), eq(inboundAddresses.kind, "standard")));
  if (!standard[0]) return null;
  const plus = PLUS.exec(local);
  return { tenantId: standard[0].tenantId, categoryId: plus ? Number(plus[2]) : null };
}
