import { z } from "zod";

/**
 * Messages on the realtime sockets. Kept tiny: the sockets say *that* something changed
 * and who is around; the data itself is always fetched through the REST API, so the
 * caller's visibility rules (internal notes, limited agents) apply unchanged.
 */

/** What a browser may send into a ticket room. `ref` is echoed so a sender can time delivery. */
export const RoomClientMessage = z.discriminatedUnion("t", [
  z.object({ t: z.literal("typing"), ref: z.string().max(40).optional() }),
  z.object({ t: z.literal("idle") }),
]);
export type RoomClientMessage = z.infer<typeof RoomClientMessage>;

/** One connection in a ticket room. Several tabs of one agent are several peers. */
export interface Peer {
  conn: string;
  userId: number;
  name: string;
  /** The agent has an unsent reply or note in the composer. */
  replying: boolean;
}

export type RoomServerMessage =
  | { t: "presence"; you: string; peers: Peer[] }
  | { t: "typing"; conn: string; userId: number; name: string; ref?: string }
  | { t: "article"; ticketId: number; articleId: number; authorId: number | null; internal: boolean; direction: "in" | "out" };

/** A change a tenant's dashboards should pick up; lists refetch what they show. */
export interface TenantEvent {
  t: "ticket";
  ticketId: number;
  change: "created" | "updated" | "article" | "merged";
}

/** Who could see a ticket before a change to it, for agents limited to categories: its assignee and category then. */
export interface VisibleBefore {
  assigneeId: number | null;
  categoryId: number | null;
}

/** Who opened a socket, passed from the authenticating Worker route to the Durable Object. */
export const SocketUser = z.object({
  userId: z.number().int(),
  name: z.string(),
  /** An agent limited to their categories: the tenant hub tells them only of tickets they may see. */
  limited: z.boolean().default(false),
});
export type SocketUser = z.infer<typeof SocketUser>;
export const SOCKET_USER_HEADER = "X-Edgedesk-Socket-User";

/** Browsers send "ping" every PING_INTERVAL_MS; a socket silent for STALE_AFTER_MS is dropped. */
export const PING_INTERVAL_MS = 20_000;
export const STALE_AFTER_MS = 50_000;
