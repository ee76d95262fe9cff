import { eq, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { tenants, tickets } from "../db/schema";
import type { Actor } from "../env";

/** Either a signed-in caller, or the system itself (inbound mail, cron) acting for a tenant. */
export type Scope = Actor | { tenantId: number; role?: undefined };

/**
 * The extra condition a caller's ticket queries must carry beyond the tenant:
 * customers see their own (and subscribed, and maybe their company's) tickets,
 * agents limited to categories see those and the ones assigned to them.
 */
export async function visibilityCondition(db: Db, scope: Scope): Promise<SQL | undefined> {
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
  const tenant = await db.query.tenants.findFirst({ columns: { settings: true }, where: eq(tenants.id, scope.tenantId) });
  if (!tenant?.settings.customersSeeCompanyTickets) return own;
  return or(
    own,
    sql`${tickets.customerId} in (select id from users where tenant_id = ${scope.tenantId} and company = ${scope.company})`,
  );
}
