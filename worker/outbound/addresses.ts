import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { categories, inboundAddresses, type Address } from "../db/schema";
import { categoryAddress } from "../categories/names";
import { standardAddress } from "../tenants/service";
import type { TenantSettings } from "../tenants/settings";

export interface TenantMailIdentity {
  id: number;
  slug: string;
  name: string;
  settings: TenantSettings;
}

/**
 * `From`: the tenant's configured address (else its standard one). The display name is the
 * agent's for a human reply, the tenant's From name for system mail, or always the tenant's
 * when the tenant chose "use From name for all outgoing mail".
 */
export function fromAddress(tenant: TenantMailIdentity, mailDomain: string, agentName: string | null): Address {
  const tenantName = tenant.settings.outgoingFromName ?? tenant.name;
  const name = agentName && !tenant.settings.useFromNameForAllMail ? agentName : tenantName;
  return { name, address: tenant.settings.outgoingFromAddress ?? standardAddress(tenant.slug, mailDomain) };
}

/**
 * `Reply-To`: the address the ticket is routed by *now* — its category's custom address,
 * else the category's plus-address, else the tenant's standard address — so the customer's
 * answer comes back to us and to the right inbox, also after the ticket changed category.
 */
export async function replyToAddress(db: Db, tenant: TenantMailIdentity, mailDomain: string, categoryId: number | null): Promise<string> {
  if (!categoryId) return standardAddress(tenant.slug, mailDomain);
  const [[custom], [category]] = await db.batch([
    db
      .select({ address: inboundAddresses.address })
      .from(inboundAddresses)
      .where(and(eq(inboundAddresses.tenantId, tenant.id), eq(inboundAddresses.categoryId, categoryId), eq(inboundAddresses.kind, "custom")))
      .limit(1),
    db.select({ names: categories.names }).from(categories).where(and(eq(categories.tenantId, tenant.id), eq(categories.id, categoryId))),
  ]);
  if (custom) return custom.address;
  if (!category) return standardAddress(tenant.slug, mailDomain);
  return categoryAddress(tenant.slug, categoryId, category.names.en ?? Object.values(category.names)[0] ?? "", mailDomain);
}

/** `Subject … [#42]`: the tag survives clients that drop In-Reply-To. */
export function taggedSubject(subject: string, ticketNumber: number, prefix = ""): string {
  const tag = `[#${ticketNumber}]`;
  const base = subject.includes(tag) ? subject : `${subject} ${tag}`;
  return prefix && !base.toLowerCase().startsWith(prefix.toLowerCase()) ? `${prefix}${base}` : base;
}
