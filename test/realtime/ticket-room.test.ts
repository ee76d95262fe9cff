import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { ticketRoom } from "../../worker/realtime/ticket-room.do";
import { addCustomer, addStaff, customerClient, signUp } from "../helpers/api";
import { LiveSocket, openLive, upgrade } from "./live-socket";

const open: LiveSocket[] = [];
const live = async (...args: Parameters<typeof openLive>) => {
  const socket = await openLive(...args);
  open.push(socket);
  return socket;
};
afterEach(() => open.splice(0).forEach((s) => s.close()));

async function ticketWithTwoAgents() {
  const t = await signUp("room");
  const anna = await addStaff(t, "Anna");
  const ben = await addStaff(t, "Ben");
  const ticket = await t.admin.post("/tickets", { subject: "Printer on fire", customerEmail: "carla@customer.example", text: "Help!" });
  return { t, anna, ben, ticket };
}

describe("ticket room presence", () => {
  it("shows each agent who else is viewing the ticket", async () => {
    const { anna, ben, ticket } = await ticketWithTwoAgents();
    const annaSocket = await live(anna.client, `/tickets/${ticket.id}/live`);
    const benSocket = await live(ben.client, `/tickets/${ticket.id}/live`);
    const seenByAnna = await annaSocket.presence((peers) => peers.length === 2);
    expect(seenByAnna.peers.map((p: any) => p.name).sort()).toEqual(["Anna", "Ben"]);
    const seenByBen = await benSocket.presence((peers) => peers.length === 2);
    expect(seenByBen.you).not.toBe(seenByAnna.you);
  });

  it("tells the others at once when an agent starts and stops replying", async () => {
    const { anna, ben, ticket } = await ticketWithTwoAgents();
    const annaSocket = await live(anna.client, `/tickets/${ticket.id}/live`);
    const benSocket = await live(ben.client, `/tickets/${ticket.id}/live`);
    await annaSocket.presence((peers) => peers.length === 2);
    benSocket.send({ t: "typing", ref: "k1" });
    const typing = await annaSocket.next((m) => m.t === "typing");
    expect(typing).toMatchObject({ name: "Ben", userId: ben.user.id, ref: "k1" });
    await annaSocket.presence((peers) => peers.some((p) => p.name === "Ben" && p.replying));
    // The typist does not hear their own keystrokes back.
    expect(benSocket.received.some((m) => m.t === "typing")).toBe(false);
    benSocket.send({ t: "idle" });
    await annaSocket.presence((peers) => peers.length === 2 && peers.every((p) => !p.replying));
  });

  it("drops an agent from the list when their socket closes", async () => {
    const { anna, ben, ticket } = await ticketWithTwoAgents();
    const annaSocket = await live(anna.client, `/tickets/${ticket.id}/live`);
    const benSocket = await live(ben.client, `/tickets/${ticket.id}/live`);
    await annaSocket.presence((peers) => peers.length === 2);
    benSocket.close();
    const after = await annaSocket.presence((peers) => peers.length === 1);
    expect(after.peers[0].name).toBe("Anna");
  });

  it("expires an agent whose client vanished without closing", async () => {
    const { t, anna, ben, ticket } = await ticketWithTwoAgents();
    const annaSocket = await live(anna.client, `/tickets/${ticket.id}/live`);
    await live(ben.client, `/tickets/${ticket.id}/live`);
    await annaSocket.presence((peers) => peers.length === 2);
    const room = ticketRoom(env, t.tenant.id, ticket.id);
    // Ben's laptop went to sleep a minute ago: no message, no ping since.
    await runInDurableObject(room, (_instance, state) => {
      for (const ws of state.getWebSockets()) {
        const s = ws.deserializeAttachment();
        if (s.name === "Ben") ws.serializeAttachment({ ...s, seen: Date.now() - 60_000 });
      }
    });
    annaSocket.send("ping"); // Anna's client is alive and pinging.
    expect(await runDurableObjectAlarm(room)).toBe(true);
    const after = await annaSocket.presence((peers) => peers.length === 1);
    expect(after.peers[0].name).toBe("Anna");
  });

  it("announces a new message to everyone in the room, in the order messages were written", async () => {
    const { t, anna, ticket } = await ticketWithTwoAgents();
    const annaSocket = await live(anna.client, `/tickets/${ticket.id}/live`);
    const first = await t.admin.post(`/tickets/${ticket.id}/articles`, { text: "We are on it", internal: true });
    const second = await t.admin.post(`/tickets/${ticket.id}/articles`, { text: "Fire brigade called" });
    await annaSocket.next((m) => m.t === "article" && m.articleId === second.id);
    const announced = annaSocket.received.filter((m) => m.t === "article");
    expect(announced.map((m) => m.articleId)).toEqual([first.id, second.id]);
    expect(announced[0]).toMatchObject({ internal: true, direction: "out", ticketId: ticket.id });
  });

  it("records a message's files within its append, before announcing it, and a copy of the message adds none", async () => {
    const { t, anna, ticket } = await ticketWithTwoAgents();
    const annaSocket = await live(anna.client, `/tickets/${ticket.id}/live`);
    const key = `t/${t.tenant.id}/files/error-page`;
    await env.FILES.put(key, "%PDF-1.4 error page");
    const message = {
      channel: "email" as const,
      direction: "in" as const,
      internal: false,
      text: "Here is the error page the printer prints.",
      messageId: "<error-page@customer.example>",
      files: [{ key, filename: "error-page.pdf", contentType: "application/pdf", size: 19, contentId: null }],
    };
    const room = ticketRoom(env, t.tenant.id, ticket.id);
    const appended = await room.append({ tenantId: t.tenant.id, ticketId: ticket.id, article: message });
    // Nothing ran between the append and this read: whoever heard of the message finds its files.
    const stored = await env.DB.prepare("select filename, article_id as articleId from attachments where r2_key = ?").bind(key).all();
    expect(stored.results).toEqual([{ filename: "error-page.pdf", articleId: appended.articleId }]);
    await annaSocket.next((m) => m.t === "article" && m.articleId === appended.articleId);
    expect(await room.append({ tenantId: t.tenant.id, ticketId: ticket.id, article: message })).toEqual({ articleId: null, duplicate: true });
    const detail = await t.admin.get<any>(`/tickets/${ticket.id}`);
    expect(detail.articles.flatMap((a: any) => a.attachments.map((f: any) => f.filename))).toEqual(["error-page.pdf"]);
  });

  it("does not fan out a client that floods typing messages", async () => {
    const { anna, ben, ticket } = await ticketWithTwoAgents();
    const annaSocket = await live(anna.client, `/tickets/${ticket.id}/live`);
    const benSocket = await live(ben.client, `/tickets/${ticket.id}/live`);
    await annaSocket.presence((peers) => peers.length === 2);
    for (let i = 0; i < 20; i++) benSocket.send({ t: "typing", ref: `f${i}` });
    benSocket.send({ t: "idle" });
    await annaSocket.presence((peers) => peers.length === 2 && peers.every((p) => !p.replying));
    expect(annaSocket.received.filter((m) => m.t === "typing").length).toBeLessThan(3);
  });

  it("answers bad client messages with an error instead of closing", async () => {
    const { anna, ticket } = await ticketWithTwoAgents();
    const socket = await live(anna.client, `/tickets/${ticket.id}/live`);
    socket.send({ t: "shout", text: "hello" });
    socket.send({ t: "typing", ref: "x".repeat(600) });
    await socket.next((m) => m.t === "error" && socket.received.filter((r) => r.t === "error").length === 2);
    expect(socket.closed).toBe(false);
  });
});

describe("ticket room access", () => {
  it("refuses an upgrade from a foreign page (cross-site WebSocket hijacking)", async () => {
    const { anna, ticket } = await ticketWithTwoAgents();
    const res = await upgrade(anna.client, `/tickets/${ticket.id}/live`, { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe("forbidden");
  });

  it("answers 404 for another tenant's ticket and 401 without a session", async () => {
    const { ticket } = await ticketWithTwoAgents();
    const other = await signUp("other");
    expect((await upgrade(other.admin, `/tickets/${ticket.id}/live`)).status).toBe(404);
    other.admin.cookie = null;
    expect((await upgrade(other.admin, `/tickets/${ticket.id}/live`)).status).toBe(401);
  });

  it("answers 426 to a plain GET and 403 to a customer", async () => {
    const { t, anna, ticket } = await ticketWithTwoAgents();
    const plain = await anna.client.request("GET", `/tickets/${ticket.id}/live`);
    expect(plain.status).toBe(426);
    const customer = await addCustomer(t, "Dora");
    const dora = await customerClient(t.tenant.id, customer.id);
    expect((await upgrade(dora, `/tickets/${ticket.id}/live`)).status).toBe(403);
  });
});
