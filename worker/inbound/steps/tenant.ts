import { and, eq } from "drizzle-orm";
import { categories, inboundAddresses, tenants } from "../../db/schema";
import { tenantSettingsSchema } from "../../tenants/settings";
import type { Step } from "../pipeline";

/**
 * Loads the tenant the channel routed the message to, its own addresses (mail from them
 * is our own coming back) and the category: the address's own, else the tenant default.
 * A category that no longer exists or was deactivated falls back to the default, so mail
 * to an old plus-address still arrives.
 */
export const tenantStep: Step = async (msg, _ann, { db, env }) => {
  const [tenant, addresses, category] = await db.batch([
    db.select().from(tenants).where(eq(tenants.id, msg.tenantId)),
    db.select({ address: inboundAddresses.address }).from(inboundAddresses).where(eq(inboundAddresses.tenantId, msg.tenantId)),
    db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.tenantId, msg.tenantId), eq(categories.id, msg.categoryId ?? 0), eq(categories.active, true))),
  ]);
  const row = tenant[0];
  if (!row) return { stop: { reason: "unknown_tenant", detail: `Tenant ${msg.tenantId} no longer exists` } };
  const settings = tenantSettingsSchema.parse(row.settings);
  const ownAddresses = new Set(addresses.map((a) => a.address.toLowerCase()));
  if (settings.outgoingFromAddress) ownAddresses.add(settings.outgoingFromAddress.toLowerCase());
  ownAddresses.add(`${row.slug}@${env.MAIL_DOMAIN}`.toLowerCase());
  return {
    annotate: {
      tenant: { id: row.id, slug: row.slug, settings, ownAddresses },
      categoryId: category[0]?.id ?? settings.defaultCategoryId,
    },
  };
};

/** True for the tenant's own addresses, including every plus-address on the service domain. */
export function isOwnAddress(address: string, tenant: { slug: string; ownAddresses: Set<string> }, mailDomain: string): boolean {
  const a = address.toLowerCase();
  if (tenant.ownAddresses.has(a)) return true;
  const [local, domain] = [a.slice(0, a.lastIndexOf("@")), a.slice(a.lastIndexOf("@") + 1)];
  return domain === mailDomain.toLowerCase() && local.split("+")[0] === tenant.slug;
}
