import { DurableObject } from "cloudflare:workers";
import { createDb } from "../db/client";
import type { Bindings } from "../env";
import { appendArticle, type AppendInput, type AppendResult } from "../tickets/articles";
import { RoomClientMessage, type Peer, type RoomServerMessage } from "./protocol";
import { acceptSocket, autoAnswerPings, broadcast, closeStale, openSockets, scheduleSweep, send, stateOf } from "./sockets";
import { publishToTenant } from "./tenant-hub.do";

/**
 * One instance per ticket. Every message added to a ticket passes through `append`,
 * so messages that arrive at once are written one after another, in arrival order.
 * It also holds the hibernating sockets of the agents looking at the ticket: who is
 * viewing, who is writing a reply, and the news that a message just arrived.
 */
export class TicketRoom extends DurableObject<Bindings> {
  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    autoAnswerPings(ctx);
  }

  /** The append in progress, if any: the next one starts when it settles. */
  private lastAppend: Promise<unknown> = Promise.resolve();

  async append(input: AppendInput): Promise<AppendResult> {
    // D1 is outside the object's storage, so input gates would let a second append start while
    // the first awaits D1; chaining makes appends strictly one after another, in arrival order,
    // without holding up the object's other events (sockets, presence) as blockConcurrencyWhile would.
    const appending = this.lastAppend.then(() => this.write(input));
    this.lastAppend = appending.catch(() => undefined);
    const result = await appending;
    if (!result.duplicate) {
      this.ctx.waitUntil(publishToTenant(this.env, input.tenantId, { t: "ticket", ticketId: input.ticketId, change: "article" }));
    }
    return result;
  }

  private async write(input: AppendInput): Promise<AppendResult> {
    const appended = await appendArticle(createDb(this.env.DB), input);
    // Announced before the next append starts, so that viewers learn of articles in the order they were written.
    if (!appended.duplicate) {
      const { article } = input;
      this.broadcast({
        t: "article",
        ticketId: input.ticketId,
        articleId: appended.articleId,
        authorId: article.authorId ?? null,
        internal: article.internal,
        direction: article.direction,
      });
    }
    return appended;
  }

  async fetch(request: Request): Promise<Response> {
    const { response } = acceptSocket(this.ctx, request);
    this.broadcastPresence();
    await scheduleSweep(this.ctx);
    return response;
  }

  async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer) {
    const parsed = typeof raw === "string" && raw.length <= MAX_MESSAGE_CHARS ? safeJson(raw) : null;
    const message = RoomClientMessage.safeParse(parsed);
    if (!message.success) return send(ws, { t: "error", message: "Unknown message" });
    const state = stateOf(ws);
    const now = Date.now();
    const replying = message.data.t === "typing";
    const changed = state.replying !== replying;
    // Browsers send typing at most once a second; a client flooding faster is not fanned out.
    const flooding = replying && !changed && now - state.seen < MIN_TYPING_INTERVAL_MS;
    ws.serializeAttachment({ ...state, replying, seen: now });
    if (message.data.t === "typing" && !flooding) {
      const others = openSockets(this.ctx).filter((other) => other !== ws);
      broadcast(others, { t: "typing", conn: state.conn, userId: state.userId, name: state.name, ref: message.data.ref } satisfies RoomServerMessage);
    }
    if (changed) this.broadcastPresence();
  }

  async webSocketClose(ws: WebSocket, code: number) {
    // Echo the close so the runtime completes the handshake (required before compat date 2026-04-07, harmless after).
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed");
    } catch {
      // already closed
    }
    this.broadcastPresence();
  }

  async webSocketError() {
    this.broadcastPresence();
  }

  async alarm() {
    if (closeStale(this.ctx) > 0) this.broadcastPresence();
    await scheduleSweep(this.ctx);
  }

  private broadcast(message: RoomServerMessage) {
    broadcast(openSockets(this.ctx), message);
  }

  /** Everyone gets the full list: small, and a reconnecting client needs no history to catch up. */
  private broadcastPresence() {
    const sockets = openSockets(this.ctx);
    const peers: Peer[] = sockets.map((ws) => {
      const { conn, userId, name, replying } = stateOf(ws);
      return { conn, userId, name, replying };
    });
    for (const ws of sockets) send(ws, { t: "presence", you: stateOf(ws).conn, peers } satisfies RoomServerMessage);
  }
}

const MAX_MESSAGE_CHARS = 500;
const MIN_TYPING_INTERVAL_MS = 250;

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** The room of one ticket; named by tenant and ticket so ids never collide across tenants. */
export const ticketRoom = (env: Bindings, tenantId: number, ticketId: number) =>
  env.TICKET_ROOM.get(env.TICKET_ROOM.idFromName(`${tenantId}:${ticketId}`));
