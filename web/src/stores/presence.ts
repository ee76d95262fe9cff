import { computed, signal } from "@preact/signals";
import type { Peer, RoomServerMessage } from "../../../worker/realtime/protocol";
import { openLiveSocket } from "./live-socket";

const TYPING_THROTTLE_MS = 1000;

/**
 * Who else is on a ticket, over the ticket room's socket. Also remembers articles that
 * arrived while this agent was writing, so the composer can warn before sending.
 */
export function createPresenceStore(ticketId: number, myUserId: number, handlers: { onArticle: (m: Extract<RoomServerMessage, { t: "article" }>) => void; onReconnect: () => void }) {
  const peers = signal<Peer[]>([]);
  const you = signal<string | null>(null);
  /** Others, one entry per agent even with several tabs open; replying wins over viewing. */
  const others = computed(() => {
    const byUser = new Map<number, Peer>();
    for (const p of peers.value) {
      if (p.conn === you.value || p.userId === myUserId) continue;
      const seen = byUser.get(p.userId);
      if (!seen || p.replying) byUser.set(p.userId, p);
    }
    return [...byUser.values()];
  });
  const othersReplying = computed(() => others.value.filter((p) => p.replying));
  let lastTyping = 0;
  let writing = false;

  const socket = openLiveSocket(`/tickets/${ticketId}/live`, {
    onMessage(m: RoomServerMessage) {
      if (m.t === "presence") {
        peers.value = m.peers;
        you.value = m.you;
      } else if (m.t === "typing") {
        // Typing implies replying, even before the next presence list arrives.
        if (!peers.value.some((p) => p.conn === m.conn && p.replying)) {
          peers.value = peers.value.map((p) => (p.conn === m.conn ? { ...p, replying: true } : p));
        }
      } else if (m.t === "article") handlers.onArticle(m);
    },
    // A fresh connection starts idle on the server: tell it again that we are writing, and
    // refetch the ticket, since messages may have arrived while we were cut off.
    onOpen: (reconnect) => {
      lastTyping = 0;
      if (writing) typing();
      if (reconnect) handlers.onReconnect();
    },
  });

  function typing() {
    writing = true;
    const now = Date.now();
    if (now - lastTyping < TYPING_THROTTLE_MS) return;
    lastTyping = now;
    socket.send({ t: "typing" });
  }

  return {
    peers,
    others,
    othersReplying,
    status: socket.status,
    typing,
    idle() {
      if (!writing) return;
      writing = false;
      lastTyping = 0;
      socket.send({ t: "idle" });
    },
    close: socket.close,
  };
}

export type PresenceStore = ReturnType<typeof createPresenceStore>;
