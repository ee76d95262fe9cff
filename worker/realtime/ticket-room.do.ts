import { DurableObject } from "cloudflare:workers";
import { createDb } from "../db/client";
import type { Bindings } from "../env";
import { appendArticle, type AppendInput, type AppendResult } from "../tickets/articles";

/**
 * One instance per ticket. Every message added to a ticket passes through `append`,
 * so messages that arrive at once are written one after another, in arrival order.
 */
export class TicketRoom extends DurableObject<Bindings> {
  async append(input: AppendInput): Promise<AppendResult> {
    // D1 is outside the object's storage, so input gates would let a second append start
    // while the first awaits D1; blocking makes appends strictly one after another.
    return this.ctx.blockConcurrencyWhile(() => appendArticle(createDb(this.env.DB), input));
  }
}

/** The room of one ticket; named by tenant and ticket so ids never collide across tenants. */
export const ticketRoom = (env: Bindings, tenantId: number, ticketId: number) =>
  env.TICKET_ROOM.get(env.TICKET_ROOM.idFromName(`${tenantId}:${ticketId}`));
