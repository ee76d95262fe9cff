import { describe, expect, it } from "vitest";
import { MAX_NEW_TICKETS_PER_SENDER } from "../../worker/inbound/steps/rate-limit";
import { addStaff } from "../helpers/api";
import { fixture, helpdesk, receive } from "./mail";

/** A tenant that refuses unregistered senders, with one refused mail kept. */
async function withRefusedMail() {
  const desk = await helpdesk("failed");
  await desk.t.admin.patch("/settings", { acceptUnregisteredSenders: false });
  const messageId = `<refused-${crypto.randomUUID()}@unknown.example>`;
  await receive(fixture("new_ticket", { to: desk.to, from: "newcomer@unknown.example", messageId }), { to: desk.to, from: "newcomer@unknown.example" });
  const [kept] = await desk.failed();
  return { ...desk, kept, messageId };
}

describe("failed mail", () => {
  it("lists kept mail with its reason for admins, and hands out the raw message", async () => {
    const desk = await withRefusedMail();
    expect(desk.kept).toMatchObject({ channel: "email", reason: "unregistered_sender", messageId: desk.messageId, status: "failed", attempts: 1, ticketId: null });
    expect(desk.kept.detail).toContain("newcomer@unknown.example");
    const filtered = await desk.t.admin.get("/failed-mails?reason=rate_limited");
    expect(filtered.data).toEqual([]);
    const raw = await desk.t.admin.request("GET", `/failed-mails/${desk.kept.id}/raw`);
    expect(raw.headers.get("content-type")).toBe("message/rfc822");
    expect(await raw.text()).toContain(`Message-ID: ${desk.messageId}`);
  });

  it("keeps a second delivery of the same refused mail in the same row", async () => {
    const desk = await withRefusedMail();
    const again = await receive(fixture("new_ticket", { to: desk.to, from: "newcomer@unknown.example", messageId: desk.messageId }), { to: desk.to, from: "newcomer@unknown.example" });
    expect(again).toMatchObject({ outcome: "failed", failedMailId: desk.kept.id });
    expect(await desk.failed()).toMatchObject([{ id: desk.kept.id, attempts: 2 }]);
  });

  it("replays a kept mail into a ticket once the cause is fixed, and refuses a second replay", async () => {
    const desk = await withRefusedMail();
    const again = await desk.t.admin.post(`/failed-mails/${desk.kept.id}/replay`);
    expect(again).toMatchObject({ outcome: "failed", reason: "unregistered_sender", failedMail: { attempts: 2, status: "failed" } });
    expect(await desk.failed()).toHaveLength(1);

    await desk.t.admin.patch("/settings", { acceptUnregisteredSenders: true });
    const replayed = await desk.t.admin.post(`/failed-mails/${desk.kept.id}/replay`);
    expect(replayed).toMatchObject({ outcome: "ticket", failedMail: { status: "replayed", attempts: 3 } });
    const [ticket] = await desk.tickets();
    expect(replayed.ticketId).toBe(ticket.id);
    expect(replayed.failedMail.ticketId).toBe(ticket.id);
    expect((await desk.detail(ticket.id)).articles[0].messageId).toBe(desk.messageId);

    const res = await desk.t.admin.request("POST", `/failed-mails/${desk.kept.id}/replay`);
    expect(res.status).toBe(409);
    expect((await res.json<any>()).error.code).toBe("conflict");
  });

  it("lets a replay pass the per-sender limit: the admin decided", async () => {
    const desk = await helpdesk("failed");
    for (let i = 0; i < MAX_NEW_TICKETS_PER_SENDER; i++) await desk.send("new_ticket");
    expect(await receive(fixture("new_ticket", { to: desk.to }), { to: desk.to })).toMatchObject({ reason: "rate_limited" });
    const [kept] = await desk.failed();
    expect((await desk.t.admin.post(`/failed-mails/${kept.id}/replay`)).outcome).toBe("ticket");
    expect(await desk.tickets()).toHaveLength(MAX_NEW_TICKETS_PER_SENDER + 1);
  });

  it("answers 404 for another tenant's failed mail and 403 for agents", async () => {
    const desk = await withRefusedMail();
    const other = await helpdesk("other");
    for (const path of [`/failed-mails/${desk.kept.id}`, `/failed-mails/${desk.kept.id}/raw`]) {
      const res = await other.t.admin.request("GET", path);
      expect(res.status).toBe(404);
      expect((await res.json<any>()).error.code).toBe("not_found");
    }
    expect((await other.t.admin.request("POST", `/failed-mails/${desk.kept.id}/replay`)).status).toBe(404);
    expect(await other.failed()).toEqual([]);
    const { client: agent } = await addStaff(desk.t, "Agent");
    expect((await agent.request("GET", "/failed-mails")).status).toBe(403);
  });

  it("answers 400 in the error envelope for a bad query", async () => {
    const desk = await helpdesk("failed");
    const res = await desk.t.admin.request("GET", "/failed-mails?limit=5000");
    expect(res.status).toBe(400);
    expect((await res.json<any>()).error).toMatchObject({ code: "validation_failed" });
  });
});
