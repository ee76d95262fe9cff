import { tenantSettingsSchema } from "../../tenants/settings";
import type { Step } from "../pipeline";

/**
 * The tenant the channel routed the message to, its own addresses (mail from them is our
 * own coming back) and the category: the address's own, else the tenant default. A category
 * that no longer exists or was deactivated falls back to the default, so mail to an old
 * plus-address still arrives.
 */
export const tenantStep: Step = async (msg, _ann, { env, facts }) => {
  const row = facts.tenant;
  if (!row) return { stop: { reason: "unknown_tenant", detail: `Tenant ${msg.tenantId} no longer exists` } };
  const settings = tenantSettingsSchema.parse(row.settings);
  const ownAddresses = new Set(facts.tenantAddresses);
  if (settings.outgoingFromAddress) ownAddresses.add(settings.outgoingFromAddress.toLowerCase());
  ownAddresses.add(`${row.slug}@${env.MAIL_DOMAIN}`.toLowerCase());
  return {
    annotate: {
      tenant: { id: row.id, slug: row.slug, settings, ownAddresses },
      categoryId: facts.categoryId ?? settings.defaultCategoryId,
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
