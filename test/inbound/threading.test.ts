import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ourMessageId } from "../../worker/channels/email/message-id";
import { addStaff } from "../helpers/api";
import { deliver, fixture, helpdesk } from "./mail";

/** A tenant with one ticket opened by Carla's first mail. */
async function withTicket() {
  const desk = await helpdesk("thread");
  const firstMessageId = `<first-${crypto.randomUUID()}@customer.example>`;
  await desk.send("new_ticket", { messageId: firstMessageId });
  const [ticket] = await desk.tickets();
  return { ...desk, ticket, firstMessageId };
}

const articles = async (desk: Awaited<ReturnType<typeof withTicket>>, id = desk.ticket.id) => (await desk.detail(id)).articles as any[];

describe("threading inbound mail onto tickets", () => {
  it("adds a reply whose In-Reply-To is one of our signed Message-IDs to that ticket", async () => {
    const desk = await withTicket();
    const ours = await ourMessageId(env.SECRET_KEY, env.MAIL_DOMAIN, desk.t.tenant.id, desk.ticket.id);
    await desk.send("reply_by_in_reply_to", { inReplyTo: ours });
    expect(await desk.tickets()).toHaveLength(1);
    const list = await articles(desk);
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({ direction: "in", inReplyTo: ours, text: expect.stringContaining("still jammed") });
  });

  it("threads a reply that only kept References to an earlier message of the ticket", async () => {
    const desk = await withTicket();
    await desk.send("reply_by_references_only", { references: desk.firstMessageId });
    expect(await desk.tickets()).toHaveLength(1);
    expect(await articles(desk)).toHaveLength(2);
  });

  it("does not trust a forged or foreign signed Message-ID", async () => {
    const desk = await withTicket();
    const other = await helpdesk("other");
    const genuine = await ourMessageId(env.SECRET_KEY, env.MAIL_DOMAIN, desk.t.tenant.id, desk.ticket.id);
    const forged = genuine.replace(/\.([0-9a-f]+)@/, (_, sig: string) => `.${sig.replace(/^./, (c) => (c === "0" ? "1" : "0"))}@`);
    await desk.send("reply_by_in_reply_to", { inReplyTo: forged });
    // The same genuine id sent to another tenant names a ticket that is not theirs.
    await other.send("reply_by_in_reply_to", { inReplyTo: genuine });
    expect(await desk.tickets()).toHaveLength(2);
    expect(await other.tickets()).toHaveLength(1);
    expect(await articles(desk)).toHaveLength(1);
  });

  it("follows a [#number] subject tag from the ticket's customer", async () => {
    const desk = await withTicket();
    await desk.send("reply_with_subject_tag", { number: desk.ticket.number });
    expect(await desk.tickets()).toHaveLength(1);
    expect(await articles(desk)).toHaveLength(2);
  });

  it("gives a stranger who quotes a ticket number a new ticket, not access to the conversation", async () => {
    const desk = await withTicket();
    await desk.send("stranger_with_subject_tag", { number: desk.ticket.number }, { from: "mallory@evil.example" });
    const tickets = await desk.tickets();
    expect(tickets).toHaveLength(2);
    expect(await articles(desk)).toHaveLength(1);
    const strangers = tickets.find((t) => t.id !== desk.ticket.id);
    expect(strangers.subject).toBe(`Re: [#${desk.ticket.number}] Printer on floor 3 is jammed`);
  });

  it("records mail from an agent's address on an existing ticket as an agent reply", async () => {
    const desk = await withTicket();
    const { user: agent } = await addStaff(desk.t, "Smith");
    await desk.send("agent_reply_to_ticket", { agent: agent.emails[0], number: desk.ticket.number, inReplyTo: desk.firstMessageId }, { from: agent.emails[0] });
    const list = await articles(desk);
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({ direction: "out", authorId: agent.id, internal: false });
    const ticket = await desk.detail(desk.ticket.id);
    expect(ticket.status).toBe("open");
    expect(ticket.firstResponseAt).not.toBeNull();
  });

  it("reopens a resolved ticket when the customer writes again", async () => {
    const desk = await withTicket();
    await desk.t.admin.patch(`/tickets/${desk.ticket.id}`, { status: "resolved" });
    await desk.send("reply_by_in_reply_to", { inReplyTo: desk.firstMessageId });
    expect((await desk.detail(desk.ticket.id)).status).toBe("open");
  });

  it("opens a new ticket linked to a closed one when the tenant prefers that", async () => {
    const desk = await withTicket();
    await desk.t.admin.patch("/settings", { newTicketForClosedFollowUps: true });
    await desk.t.admin.patch(`/tickets/${desk.ticket.id}`, { status: "closed" });
    await desk.send("reply_by_in_reply_to", { inReplyTo: desk.firstMessageId });
    const tickets = await desk.tickets();
    expect(tickets).toHaveLength(2);
    const followUp = tickets.find((t) => t.id !== desk.ticket.id);
    expect(followUp).toMatchObject({ parentId: desk.ticket.id, status: "new", customerId: desk.ticket.customerId });
    expect((await desk.detail(desk.ticket.id)).status).toBe("closed");
  });

  it("puts follow-ups to a merged ticket into the ticket it was merged into", async () => {
    const desk = await withTicket();
    await desk.send("new_ticket", { messageId: "<second@customer.example>" });
    const target = (await desk.tickets()).find((t) => t.id !== desk.ticket.id);
    await desk.t.admin.post(`/tickets/${desk.ticket.id}/merge`, { targetId: target.id });
    await desk.send("reply_by_in_reply_to", { inReplyTo: desk.firstMessageId, messageId: "<after-merge@customer.example>" });
    const targetArticles = (await desk.detail(target.id)).articles as any[];
    expect(targetArticles.map((a) => a.messageId)).toContain("<after-merge@customer.example>");
  });

  it("adds nothing for a second delivery of the same message, also when both copies arrive at once", async () => {
    const desk = await withTicket();
    await desk.send("new_ticket", { messageId: desk.firstMessageId });
    const reply = fixture("reply_by_in_reply_to", { to: desk.to, inReplyTo: desk.firstMessageId, messageId: "<reply-once@customer.example>" });
    const fresh = fixture("new_ticket", { to: desk.to, messageId: "<new-once@customer.example>" });
    await Promise.all([reply, reply, reply, fresh, fresh, fresh].map((raw) => deliver(raw, { to: desk.to })));
    const tickets = await desk.tickets();
    expect(tickets).toHaveLength(2);
    expect(await articles(desk)).toHaveLength(2);
    expect(await desk.failed()).toEqual([]);
  });

  it("treats two deliveries of a mail without Message-ID as one message", async () => {
    const desk = await helpdesk();
    const raw = fixture("without_message_id", { to: desk.to });
    await deliver(raw, { to: desk.to });
    await deliver(raw, { to: desk.to });
    const tickets = await desk.tickets();
    expect(tickets).toHaveLength(1);
    const [article] = (await desk.detail(tickets[0].id)).articles;
    expect(article.messageId).toMatch(/^<[0-9a-f]{64}@generated\.invalid>$/);
  });
});
