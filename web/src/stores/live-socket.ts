import { signal } from "@preact/signals";

/** How a live connection is doing, for the "Live / Reconnecting…" badge. */
export type LiveStatus = "connecting" | "open" | "reconnecting";

/** Matches the server's PING_INTERVAL_MS: silence longer than that counts as gone. */
const PING_MS = 20_000;

/**
 * A WebSocket that keeps itself alive: pings so the server can tell vanished clients,
 * and reconnects with backoff after a drop. On every (re)connect `onOpen` runs, so the
 * caller can refetch what it may have missed while the connection was down.
 */
export function openLiveSocket(path: string, handlers: { onMessage: (m: any) => void; onOpen?: (reconnect: boolean) => void }) {
  const status = signal<LiveStatus>("connecting");
  let ws: WebSocket | null = null;
  let ping: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let everOpened = false;
  let stopped = false;

  function connect() {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/v1${path}`;
    ws = new WebSocket(url);
    ws.onopen = () => {
      attempts = 0;
      status.value = "open";
      handlers.onOpen?.(everOpened);
      everOpened = true;
      ping = setInterval(() => ws?.readyState === WebSocket.OPEN && ws.send("ping"), PING_MS);
    };
    ws.onmessage = (e) => {
      if (e.data === "pong") return;
      try {
        handlers.onMessage(JSON.parse(e.data));
      } catch {
        // a malformed frame is not worth breaking the page for
      }
    };
    ws.onclose = () => {
      clearInterval(ping);
      if (stopped) return;
      status.value = "reconnecting";
      // 0.5 s, 1 s, 2 s … capped at 15 s, with jitter so a server restart is not stormed.
      const delay = Math.min(15_000, 500 * 2 ** attempts++) * (0.75 + Math.random() / 2);
      retry = setTimeout(connect, delay);
    };
  }
  connect();
  const onOnline = () => {
    if (ws?.readyState !== WebSocket.OPEN) {
      clearTimeout(retry);
      attempts = 0;
      ws?.close();
      connect();
    }
  };
  addEventListener("online", onOnline);

  return {
    status,
    send(message: unknown) {
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    },
    close() {
      stopped = true;
      removeEventListener("online", onOnline);
      clearTimeout(retry);
      clearInterval(ping);
      ws?.close(1000, "leaving");
    },
  };
}
