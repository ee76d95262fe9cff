import { ORIGIN, type Client } from "../helpers/api";
import { worker } from "../helpers/worker";

/** A WebSocket opened through the Worker like a browser would, collecting what it receives. */
export class LiveSocket {
  readonly received: any[] = [];
  private waiters: { match: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  closed = false;

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      if (e.data === "pong") return;
      const message = JSON.parse(e.data as string);
      this.received.push(message);
      this.waiters = this.waiters.filter((w) => (w.match(message) ? (w.resolve(message), false) : true));
    });
    ws.addEventListener("close", () => (this.closed = true));
  }

  send(message: unknown) {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** Resolves with the first message (already received or coming) that matches. */
  next(match: (m: any) => boolean, timeoutMs = 3000): Promise<any> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** The newest presence list that satisfies `match`. */
  presence(match: (peers: any[]) => boolean) {
    return this.next((m) => m.t === "presence" && match(m.peers) && m === this.received.filter((r) => r.t === "presence").at(-1));
  }

  close() {
    this.ws.close(1000, "done");
  }
}

/** Answers the upgrade request as the Worker would for a browser of `client`. */
export function upgrade(client: Client, path: string, headers: Record<string, string> = { Origin: ORIGIN }) {
  const h = new Headers({ Upgrade: "websocket", ...headers });
  if (client.cookie) h.set("Cookie", client.cookie);
  if (client.bearer) h.set("Authorization", `Bearer ${client.bearer}`);
  return worker.fetch(`${ORIGIN}/api/v1${path}`, { headers: h });
}

export async function openLive(client: Client, path: string): Promise<LiveSocket> {
  const res = await upgrade(client, path);
  if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade of ${path} → ${res.status}: ${await res.text()}`);
  res.webSocket.accept();
  return new LiveSocket(res.webSocket);
}
