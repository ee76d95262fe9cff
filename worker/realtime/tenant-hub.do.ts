import { DurableObject } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { categoryAgents, tickets } from "../db/schema";
import type { Bindings } from "../env";
import { visibilityCondition } from "../tickets/visibility";
import type { TenantEvent, VisibleBefore } from "./protocol";
import { acceptSocket, autoAnswerPings, broadcast, closeStale, openSockets, scheduleSweep, stateOf } from "./sockets";

/**
 * One instance per tenant: the dashboards of its agents connect here and hear about
 * new tickets, new messages and status or assignee changes, so lists update without reload.
 */
export class TenantHub extends DurableObject<Bindings> {
  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    autoAnswerPings(ctx);
  }

  /**
   * Tells the tenant's connected dashboards about a change: all of them, except agents limited
   * to their categories who may not see the ticket (even its id and activity are not theirs)
   * and could not before the change either (`before`: so a ticket that moved away from them
   * leaves their list at once). Returns how many were told.
   */
  async publish(tenantId: number, event: TenantEvent, before?: VisibleBefore): Promise<number> {
    const sockets = openSockets(this.ctx).map((ws) => ({ ws, state: stateOf(ws) }));
    const limited = [...new Set(sockets.filter((s) => s.state.limited).map((s) => s.state.userId))];
    // If D1 cannot say who may see the ticket, the limited agents are not told; the others still are.
    const seeing = limited.length
      ? await agentsSeeing(createDb(this.env.DB), tenantId, event.ticketId, limited, before).catch((e) => {
          console.error("tenant hub visibility read failed", e);
          return new Set<number>();
        })
      : new Set<number>();
    const told = sockets.filter((s) => !s.state.limited || seeing.has(s.state.userId)).map((s) => s.ws);
    broadcast(told, event);
    return told.length;
  }

  async fetch(request: Request): Promise<Response> {
    const { response } = acceptSocket(this.ctx, request);
    await scheduleSweep(this.ctx);
    return response;
  }

  async webSocketMessage(ws: WebSocket) {
    // Dashboards only listen; any message still proves the client is alive.
    ws.serializeAttachment({ ...stateOf(ws), seen: Date.now() });
  }

  async webSocketClose(ws: WebSocket, code: number) {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed");
    } catch {
      // already closed
    }
  }

  async alarm() {
    closeStale(this.ctx);
    await scheduleSweep(this.ctx);
  }
}

/**
 * Which of these agents, all limited to their categories, may see the ticket now, by the rule
 * the REST API applies (`visibilityCondition`), or saw it before the change (its assignee or
 * category then): a ticket assigned to an agent or moved into their category reaches them, and
 * one moved away from them too, once, so their list drops it. One batch for all of them.
 */
async function agentsSeeing(db: Db, tenantId: number, ticketId: number, userIds: number[], before?: VisibleBefore): Promise<Set<number>> {
  const reads = userIds.map((userId) =>
    db
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId), visibilityCondition({ tenantId, userId, role: "agent", limitedToCategories: true, company: null }))),
  );
  // The agents of the category the ticket had, read only when the change may have moved it.
  const agentsOfBefore = before?.categoryId
    ? [db.select({ id: categoryAgents.userId }).from(categoryAgents).where(and(eq(categoryAgents.tenantId, tenantId), eq(categoryAgents.categoryId, before.categoryId)))]
    : [];
  const results = (await db.batch([...reads, ...agentsOfBefore] as [(typeof reads)[0], ...typeof reads])) as { id: number }[][];
  const sawBefore = new Set([before?.assigneeId, ...(results[userIds.length]?.map((r) => r.id) ?? [])]);
  return new Set(userIds.filter((userId, i) => results[i]!.length > 0 || sawBefore.has(userId)));
}

export const tenantHub = (env: Bindings, tenantId: number) => env.TENANT_HUB.get(env.TENANT_HUB.idFromName(String(tenantId)));

/**
 * Pushes a change to the tenant's dashboards. Never rejects: the change itself is already
 * written, and a hub hiccup must not fail it (a dashboard catches up on its next load).
 */
export const publishToTenant = (env: Bindings, tenantId: number, event: TenantEvent, before?: VisibleBefore): Promise<void> =>
  tenantHub(env, tenantId)
    .publish(tenantId, event, before)
    .then(
      () => undefined,
      (e) => console.error("tenant hub publish failed", e),
    );
