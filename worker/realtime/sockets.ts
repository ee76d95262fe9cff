import { SocketUser, SOCKET_USER_HEADER, STALE_AFTER_MS } from "./protocol";

/** What each hibernating socket carries across hibernation (kept well under 2 KB). */
export interface SocketState {
  conn: string;
  userId: number;
  name: string;
  /** Limited to their categories (see `SocketUser`). */
  limited: boolean;
  replying: boolean;
  /** Last message from the client, ms; auto-answered pings are tracked by the runtime. */
  seen: number;
}

const OPEN = 1;

/** Accepts the upgrade as a hibernating socket for the user the Worker route authenticated. */
export function acceptSocket(ctx: DurableObjectState, request: Request): { response: Response; socket: WebSocket; state: SocketState } {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") throw new Error("Expected a WebSocket upgrade");
  const user = SocketUser.parse(JSON.parse(request.headers.get(SOCKET_USER_HEADER) ?? "null"));
  const { 0: client, 1: server } = new WebSocketPair();
  ctx.acceptWebSocket(server);
  const state: SocketState = { conn: crypto.randomUUID().slice(0, 8), ...user, replying: false, seen: Date.now() };
  server.serializeAttachment(state);
  return { response: new Response(null, { status: 101, webSocket: client }), socket: server, state };
}

export const stateOf = (ws: WebSocket) => ws.deserializeAttachment() as SocketState;

/** Sockets that are still open (a closing socket is still listed while its close handler runs). */
export const openSockets = (ctx: DurableObjectState) => ctx.getWebSockets().filter((ws) => ws.readyState === OPEN);

export function send(ws: WebSocket, message: unknown) {
  try {
    ws.send(JSON.stringify(message));
  } catch {
    // The peer went away between listing and sending; the close handler tidies up.
  }
}

/** Fans one message out; serialised once for all receivers. */
export function broadcast(sockets: WebSocket[], message: unknown) {
  const text = JSON.stringify(message);
  for (const ws of sockets) {
    try {
      ws.send(text);
    } catch {
      // as in send()
    }
  }
}

/**
 * Closes sockets that have been silent for too long: a laptop that sleeps or loses its
 * network never sends a close frame, and its presence would otherwise linger forever.
 * Pings are answered by the runtime without waking us, so their time counts as activity.
 */
export function closeStale(ctx: DurableObjectState, now = Date.now()): number {
  let closed = 0;
  for (const ws of openSockets(ctx)) {
    const pinged = ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0;
    if (Math.max(stateOf(ws).seen, pinged) < now - STALE_AFTER_MS) {
      ws.close(4000, "No ping received");
      closed++;
    }
  }
  return closed;
}

/** Keeps one alarm pending while sockets are connected, to sweep the stale ones. */
export async function scheduleSweep(ctx: DurableObjectState) {
  if (openSockets(ctx).length > 0 && (await ctx.storage.getAlarm()) === null) {
    await ctx.storage.setAlarm(Date.now() + STALE_AFTER_MS / 2);
  }
}

/** Lets the runtime answer keep-alive pings itself, so idle sockets do not wake the object. */
export const autoAnswerPings = (ctx: DurableObjectState) => ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
