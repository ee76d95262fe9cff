import { eq, or, sql, type SQL } from "drizzle-orm";
import { tickets } from "../db/schema";
import type { Actor } from "../env";

/** Either a signed-in caller (what of them decides what they see), or the system itself (inbound mail, cron) acting for a tenant. */
export type Scope = Pick<Actor, "tenantId" | "userId" | "role" | "limitedToCategories" | "company"> | { tenantId: number; role?: undefined };

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
  // A customer's tickets as one list of ids, each part read through an index; the tenant's
  // company setting is read inside the query rather than in a round trip of its own.
  const { tenantId, userId, company } = scope;
  const companyTickets = company
    ? sql` union select id from tickets where tenant_id = ${tenantId}
        and customer_id in (select id from users where tenant_id = ${tenantId} and company = ${company})
        and (select json_extract(settings, '$.customersSeeCompanyTickets') from tenants where id = ${tenantId}) = 1`
    : sql``;
  return sql`${tickets.id} in (select id from tickets where tenant_id = ${tenantId} and customer_id = ${userId}
    union select ticket_id from ticket_subscribers where tenant_id = ${tenantId} and user_id = ${userId}${companyTickets})`;
}

/**
 * The tenant condition of a ticket list. For a customer it reads `+tenant_id = ?`: the unary
 * plus keeps SQLite from walking the tenant's whole (tenant_id, updated_at) index in search of
 * the few tickets a customer has (118 ms at 100k tickets); their ticket ids drive the query.
 */
export function tenantCondition(scope: Scope): SQL {
  return scope.role === "customer" ? sql`+${tickets.tenantId} = ${scope.tenantId}` : eq(tickets.tenantId, scope.tenantId);
}
