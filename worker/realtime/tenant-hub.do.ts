import { DurableObject } from "cloudflare:workers";
import type { Bindings } from "../env";
import type { TenantEvent } from "./protocol";
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

  /** Tells every connected dashboard of the tenant about a change. */
  async publish(event: TenantEvent): Promise<number> {
    const sockets = openSockets(this.ctx);
    broadcast(sockets, event);
    return sockets.length;
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

export const tenantHub = (env: Bindings, tenantId: number) => env.TENANT_HUB.get(env.TENANT_HUB.idFromName(String(tenantId)));

/** Pushes a change to the tenant's dashboards. Callers should not fail their own work if this throws. */
export const publishToTenant = (env: Bindings, tenantId: number, event: TenantEvent) => tenantHub(env, tenantId).publish(event);

/** For channels: tells dashboards a ticket was opened; never throws, since the ticket itself is already safe. */
export async function announceNewTicket(env: Bindings, tenantId: number, ticketId: number) {
  await publishToTenant(env, tenantId, { t: "ticket", ticketId, change: "created" }).catch((e) => console.error("tenant hub publish failed", e));
}
