import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ourMessageId } from "../../worker/channels/email/message-id";
import { createDb } from "../../worker/db/client";
import { deliveries, outboundMails, suppressedAddresses } from "../../worker/db/schema";
import { MAX_NEW_TICKETS_PER_SENDER } from "../../worker/inbound/steps/rate-limit";
import { outboxMail } from "../outbound/helpers";
import { fixture, helpdesk, receive } from "./mail";

async function withTicket() {
  const desk = await helpdesk("junk");
  const firstMessageId = `<first-${crypto.randomUUID()}@customer.example>`;
  await desk.send("new_ticket", { messageId: firstMessageId });
  const [ticket] = await desk.tickets();
  return { ...desk, ticket, firstMessageId };
}

const AUTO_REPLIES = [
  "auto_reply_with_auto_submitted",
  "auto_reply_with_x_autoreply",
  "auto_reply_with_x_autorespond",
  "auto_reply_with_precedence_bulk",
  "auto_reply_exchange_out_of_office",
  "auto_reply_gmail_vacation",
  "auto_reply_zimbra_out_of_office",
];

describe("auto-replies, bounces and loops", () => {
  it.each(AUTO_REPLIES)("never opens a ticket for %s and keeps it as failed with reason auto_reply", async (name) => {
    const desk = await helpdesk("auto");
    const result = await receive(fixture(name, { to: desk.to, inReplyTo: "<unknown@customer.example>" }), { to: desk.to });
    expect(result).toMatchObject({ outcome: "failed", reason: "auto_reply", mayAutoAnswer: false });
    expect(await desk.tickets()).toHaveLength(0);
    expect((await desk.failed())[0]).toMatchObject({ reason: "auto_reply" });
  });

  it.each(AUTO_REPLIES)("attaches %s to the ticket it answers as an auto-reply article, without reopening or auto-answering", async (name) => {
    const desk = await withTicket();
    await desk.t.admin.patch(`/tickets/${desk.ticket.id}`, { status: "resolved" });
    const result = await receive(fixture(name, { to: desk.to, inReplyTo: desk.firstMessageId }), { to: desk.to });
    expect(result).toMatchObject({ outcome: "follow_up", ticketId: desk.ticket.id, mayAutoAnswer: false });
    const detail = await desk.detail(desk.ticket.id);
    expect(detail.status).toBe("resolved");
    expect(detail.articles.at(-1)).toMatchObject({ kind: "auto_reply", direction: "in" });
  });

  it("does not take an ordinary mail with Auto-Submitted: no for an auto-reply", async () => {
    const desk = await helpdesk();
    const raw = new TextDecoder().decode(fixture("new_ticket", { to: desk.to })).replace("MIME-Version: 1.0", "Auto-Submitted: no\r\nMIME-Version: 1.0");
    expect(await receive(new TextEncoder().encode(raw), { to: desk.to })).toMatchObject({ outcome: "ticket", mayAutoAnswer: true });
  });

  it("marks the delivery of a bounced outbound mail failed, flags the address and notes it on the ticket without reopening it", async () => {
    const desk = await withTicket();
    const db = createDb(env.DB);
    const tenantId = desk.t.tenant.id;
    const original = await ourMessageId(env.SECRET_KEY, env.MAIL_DOMAIN, tenantId, desk.ticket.id);
    await outboxMail(tenantId, desk.ticket.id, "gone@customer.example", original);
    const [mail] = await db.select().from(outboundMails).where(and(eq(outboundMails.tenantId, tenantId), eq(outboundMails.messageId, original)));
    const ofMail = and(eq(deliveries.tenantId, tenantId), eq(deliveries.mailId, mail!.id));
    await db.update(deliveries).set({ status: "sent" }).where(ofMail);
    await desk.t.admin.patch(`/tickets/${desk.ticket.id}`, { status: "resolved" });

    const bounce = fixture("bounce_with_delivery_status", { to: desk.to, number: desk.ticket.number, originalMessageId: original, failedRecipient: "gone@customer.example" });
    const result = await receive(bounce, { to: desk.to, from: "" });
    expect(result).toMatchObject({ outcome: "follow_up", ticketId: desk.ticket.id, mayAutoAnswer: false });

    const [delivery] = await db.select().from(deliveries).where(ofMail);
    expect(delivery).toMatchObject({ status: "bounced", error: expect.stringContaining("5.1.1") });
    const flagged = await db.select().from(suppressedAddresses).where(eq(suppressedAddresses.tenantId, tenantId));
    expect(flagged.map((f) => f.address)).toEqual(["gone@customer.example"]);
    const detail = await desk.detail(desk.ticket.id);
    expect(detail.status).toBe("resolved");
    expect(detail.articles.at(-1)).toMatchObject({ kind: "bounce", internal: true, text: expect.stringContaining("Delivery to gone@customer.example failed: 5.1.1") });
    expect(await desk.tickets()).toHaveLength(1);
  });

  it("never opens a ticket for a bounce that matches nothing", async () => {
    const desk = await helpdesk();
    const result = await receive(fixture("bounce_from_postmaster_without_report", { to: desk.to }), { to: desk.to, from: "postmaster@customer.example" });
    expect(result).toMatchObject({ outcome: "failed", reason: "bounce" });
    expect(await desk.tickets()).toHaveLength(0);
  });

  it("drops our own mail coming back, by Message-ID domain or by the tenant's own address as sender", async () => {
    const desk = await helpdesk();
    const byId = await receive(fixture("own_loop_with_our_message_id", { to: desk.to, from: "someone@customer.example", messageId: `<notification-1@${env.MAIL_DOMAIN}>` }), { to: desk.to });
    const bySender = await receive(fixture("own_loop_with_our_message_id", { to: desk.to, from: desk.to }), { to: desk.to, from: desk.to });
    expect(byId).toMatchObject({ outcome: "failed", reason: "own_loop" });
    expect(bySender).toMatchObject({ outcome: "failed", reason: "own_loop" });
    expect(await desk.tickets()).toHaveLength(0);
  });

  it("keeps mail as rate_limited once one address opened 40 tickets in 24 hours, but still threads its follow-ups", async () => {
    const desk = await helpdesk("flood");
    for (let i = 0; i < MAX_NEW_TICKETS_PER_SENDER; i++) await desk.send("new_ticket");
    const limited = await receive(fixture("new_ticket", { to: desk.to }), { to: desk.to });
    expect(limited).toMatchObject({ outcome: "failed", reason: "rate_limited" });
    const [newest] = await desk.tickets();
    const [first] = (await desk.detail(newest.id)).articles;
    const reply = await receive(fixture("reply_by_in_reply_to", { to: desk.to, inReplyTo: first.messageId }), { to: desk.to });
    expect(reply).toMatchObject({ outcome: "follow_up", ticketId: newest.id });
    expect(await desk.tickets()).toHaveLength(MAX_NEW_TICKETS_PER_SENDER);
  });
});
