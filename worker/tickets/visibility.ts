import { eq, or, sql, type SQL } from "drizzle-orm";
import { tickets } from "../db/schema";
import type { Actor } from "../env";

/** Either a signed-in caller, or the system itself (inbound mail, cron) acting for a tenant. */
export type Scope = Actor | { tenantId: number; role?: undefined };

/**
 * The extra condition a caller's ticket queries must carry beyond the tenant:
 * customers see their own (and subscribed, and maybe their company's) tickets,
 * agents limited to categories see those and the ones assigned to them.
 */
export function visibilityCondition(scope: Scope): SQL | undefined {
  if (scope.role === undefined || scope.role === "admin") return undefined;
  if (scope.role === "agent") {
    if (!scope.limitedToCategories) return undefined;
    return or(
      eq(tickets.assigneeId, scope.userId),
      sql`${tickets.categoryId} in (select category_id from category_agents where tenant_id = ${scope.tenantId} and user_id = ${scope.userId})`,
    );
  }
  const own = or(
    eq(tickets.customerId, scope.userId),
    sql`${tickets.id} in (select ticket_id from ticket_subscribers where tenant_id = ${scope.tenantId} and user_id = ${scope.userId})`,
  );
  if (!scope.company) return own;
  // The tenant's setting is read inside the ticket query, not in a round trip of its own.
  return or(
    own,
    sql`((select json_extract(settings, '$.customersSeeCompanyTickets') from tenants where id = ${scope.tenantId}) = 1
      and ${tickets.customerId} in (select id from users where tenant_id = ${scope.tenantId} and company = ${scope.company}))`,
  );
}
