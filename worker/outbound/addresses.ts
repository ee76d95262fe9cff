import type { Address } from "../db/schema";
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

/** `Subject … [#42]`: the tag survives clients that drop In-Reply-To. */
export function taggedSubject(subject: string, ticketNumber: number, prefix = ""): string {
  const tag = `[#${ticketNumber}]`;
  const base = subject.includes(tag) ? subject : `${subject} ${tag}`;
  return prefix && !base.toLowerCase().startsWith(prefix.toLowerCase()) ? `${prefix}${base}` : base;
}
