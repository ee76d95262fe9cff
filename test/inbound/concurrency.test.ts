import { describe, expect, it } from "vitest";
import { deliver, fixture, helpdesk } from "./mail";

describe("mail arriving at the same time", () => {
  it("adds all of 20 replies delivered at once to one ticket, one after another, none lost", async () => {
    const desk = await helpdesk("burst");
    const firstMessageId = "<burst-first@customer.example>";
    await desk.send("new_ticket", { messageId: firstMessageId });
    const [ticket] = await desk.tickets();

    const replies = Array.from({ length: 20 }, (_, i) => `<burst-reply-${i}@customer.example>`);
    const results = await Promise.all(
      replies.map((messageId) => deliver(fixture("reply_by_in_reply_to", { to: desk.to, inReplyTo: firstMessageId, messageId }), { to: desk.to })),
    );
    expect(results.every((r) => r.rejected === null)).toBe(true);

    const { articles } = await desk.detail(ticket.id);
    expect(articles).toHaveLength(21);
    const added = articles.slice(1);
    expect(new Set(added.map((a: any) => a.messageId))).toEqual(new Set(replies));
    // The TicketRoom writes one append at a time: ids and times follow the order of arrival.
    for (let i = 1; i < articles.length; i++) {
      expect(articles[i].id).toBeGreaterThan(articles[i - 1].id);
      expect(Date.parse(articles[i].createdAt)).toBeGreaterThanOrEqual(Date.parse(articles[i - 1].createdAt));
    }
    expect(await desk.tickets()).toHaveLength(1);
    expect(await desk.failed()).toEqual([]);
  });

  it("adds nothing more when the same 20 replies are all delivered a second time at once", async () => {
    const desk = await helpdesk("burst");
    const firstMessageId = "<burst2-first@customer.example>";
    await desk.send("new_ticket", { messageId: firstMessageId });
    const [ticket] = await desk.tickets();
    const raws = Array.from({ length: 20 }, (_, i) =>
      fixture("reply_by_in_reply_to", { to: desk.to, inReplyTo: firstMessageId, messageId: `<burst2-reply-${i}@customer.example>` }),
    );
    await Promise.all([...raws, ...raws].map((raw) => deliver(raw, { to: desk.to })));
    expect((await desk.detail(ticket.id)).articles).toHaveLength(21);
    expect(await desk.failed()).toEqual([]);
  });

  it("creates one customer when a new sender's two first mails arrive at once", async () => {
    const desk = await helpdesk("burst");
    const from = "twice@newcomer.example";
    await Promise.all([0, 1].map((i) => deliver(fixture("new_ticket", { to: desk.to, from, messageId: `<twice-${i}@newcomer.example>` }), { to: desk.to, from })));
    const tickets = await desk.tickets();
    expect(tickets).toHaveLength(2);
    expect(tickets[0].customerId).toBe(tickets[1].customerId);
    expect((await desk.t.admin.get("/users?q=newcomer.example")).data).toHaveLength(1);
  });
});
