import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { ticketUnsubscribes } from "../../worker/db/schema";
import { addStaff } from "../helpers/api";
import { fixture, helpdesk, receive } from "./mail";

async function withTicket() {
  const desk = await helpdesk("cmd");
  const firstMessageId = `<first-${crypto.randomUUID()}@customer.example>`;
  await desk.send("cc_subscribers", { messageId: firstMessageId });
  const [ticket] = await desk.tickets();
  const { user: agent } = await addStaff(desk.t, "Smith");
  return { ...desk, ticket, firstMessageId, agent };
}

describe("commands in the subject and forwarded mail", () => {
  it("makes an agent's #tech# mail an internal note and removes the command from the subject", async () => {
    const desk = await withTicket();
    const agentAddress = desk.agent.emails[0];
    await desk.send("command_tech", { from: agentAddress, number: desk.ticket.number, inReplyTo: desk.firstMessageId });
    const note = (await desk.detail(desk.ticket.id)).articles.at(-1);
    expect(note).toMatchObject({ internal: true, authorId: desk.agent.id, subject: `Re: [#${desk.ticket.number}] Printer on floor 3 is jammed` });
  });

  it("ignores #tech# from a customer: the message stays visible to them", async () => {
    const desk = await withTicket();
    await desk.send("command_tech", { number: desk.ticket.number, inReplyTo: desk.firstMessageId });
    const article = (await desk.detail(desk.ticket.id)).articles.at(-1);
    expect(article).toMatchObject({ internal: false, subject: `Re: [#${desk.ticket.number}] Printer on floor 3 is jammed` });
  });

  it("closes the ticket on #close# from its customer and records when", async () => {
    const desk = await withTicket();
    await desk.send("command_close", { number: desk.ticket.number, inReplyTo: desk.firstMessageId });
    const detail = await desk.detail(desk.ticket.id);
    expect(detail.status).toBe("closed");
    expect(detail.resolvedAt).not.toBeNull();
    expect(detail.firstResponseAt).toBeNull();
  });

  it("closes the ticket on #close# from an agent", async () => {
    const desk = await withTicket();
    await desk.send("command_close", { from: desk.agent.emails[0], number: desk.ticket.number, inReplyTo: desk.firstMessageId });
    expect((await desk.detail(desk.ticket.id)).status).toBe("closed");
  });

  it("does not let a subscriber close someone else's ticket", async () => {
    const desk = await withTicket();
    await desk.send("command_close", { from: "dan@customer.example", number: desk.ticket.number, inReplyTo: desk.firstMessageId });
    const detail = await desk.detail(desk.ticket.id);
    expect(detail.status).toBe("new");
    expect(detail.articles).toHaveLength(2);
  });

  it("stops updates to a subscriber who sends #unsubscribe#", async () => {
    const desk = await withTicket();
    const before = await desk.detail(desk.ticket.id);
    const dan = (await desk.t.admin.get("/users?q=dan@customer.example")).data[0];
    expect(before.subscriberIds).toContain(dan.id);
    await desk.send("command_unsubscribe", { from: "dan@customer.example", number: desk.ticket.number, inReplyTo: desk.firstMessageId });
    const after = await desk.detail(desk.ticket.id);
    expect(after.subscriberIds).not.toContain(dan.id);
    expect(after.articles.at(-1).subject).toBe(`Re: [#${desk.ticket.number}] Printer on floor 3 is jammed`);
    const rows = await createDb(env.DB)
      .select()
      .from(ticketUnsubscribes)
      .where(and(eq(ticketUnsubscribes.tenantId, desk.t.tenant.id), eq(ticketUnsubscribes.ticketId, desk.ticket.id)));
    expect(rows.map((r) => r.userId)).toEqual([dan.id]);
  });

  it("keeps mail that claims an agent's address but failed DMARC, instead of acting on its commands; an admin's replay acts on it", async () => {
    const desk = await withTicket();
    const result = await receive(fixture("agent_reply_failing_dmarc", { to: desk.to, agent: desk.agent.emails[0], number: desk.ticket.number }), { to: desk.to, from: desk.agent.emails[0] });
    expect(result).toMatchObject({ outcome: "failed", reason: "unauthenticated_staff_sender" });
    const before = await desk.detail(desk.ticket.id);
    expect(before.status).toBe("new");
    expect(before.articles).toHaveLength(1);
    const [kept] = await desk.failed();
    expect((await desk.t.admin.post(`/failed-mails/${kept.id}/replay`)).outcome).toBe("follow_up");
    expect((await desk.detail(desk.ticket.id)).status).toBe("closed");
  });

  it("makes the original sender of a mail an agent forwarded the ticket's customer", async () => {
    const desk = await helpdesk("fwd");
    const { user: agent } = await addStaff(desk.t, "Smith");
    await desk.send("forwarded_by_agent", { agent: agent.emails[0], from: agent.emails[0] });
    const [ticket] = await desk.tickets();
    const customer = await desk.t.admin.get(`/users/${ticket.customerId}`);
    expect(customer).toMatchObject({ role: "customer", name: "Frank Buyer", emails: ["frank.buyer@shop-customer.example"] });
    const [article] = (await desk.detail(ticket.id)).articles;
    expect(article.authorId).toBe(agent.id);
  });

  it("keeps a customer's own Fwd: mail as theirs", async () => {
    const desk = await helpdesk("fwd");
    await desk.send("forwarded_by_agent", { agent: "carla@customer.example" });
    const [ticket] = await desk.tickets();
    const customer = await desk.t.admin.get(`/users/${ticket.customerId}`);
    expect(customer.emails).toEqual(["carla@customer.example"]);
  });
});
