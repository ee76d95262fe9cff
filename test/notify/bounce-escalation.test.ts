import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { deliveries } from "../../worker/db/schema";
import { fixture, receive } from "../inbound/mail";
import { notificationsOf, recipientsOf, staffedTenant, type QueuedMail } from "./helpers";

/** Waits until the queue has handed a mail to the transport, so a bounce comes after it. */
async function delivered(tenantId: number, mail: QueuedMail) {
  const deadline = Date.now() + 8000;
  for (;;) {
    const [row] = await createDb(env.DB).select().from(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.mailId, mail.id)));
    if (row?.status === "sent") return;
    if (Date.now() > deadline) throw new Error(`mail ${mail.id} never sent: ${row?.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("escalation after a bounce report", () => {
  it("sends a bounced notice to the category's agents, once however many reports arrive", async () => {
    const { t, category, ann, ben, cid } = await staffedTenant("bouncedesc");
    const ticket = await t.admin.post("/tickets", { subject: "Printer on floor 3 is jammed", text: "x", categoryId: category.id, assigneeId: cid.user.id });
    const [notice] = await notificationsOf(t.tenant.id, ticket.id, 1);
    expect(recipientsOf([notice!])).toEqual([cid.user.emails[0]]);
    await delivered(t.tenant.id, notice!);

    const to = t.tenant.inboundAddress;
    const report = () => fixture("bounce_with_delivery_status", { to, number: ticket.number, originalMessageId: notice!.messageId, failedRecipient: cid.user.emails[0]! });
    expect(await receive(report(), { to, from: "" })).toMatchObject({ outcome: "follow_up", ticketId: ticket.id });

    const mails = await notificationsOf(t.tenant.id, ticket.id, 3);
    const copies = mails.filter((m) => m.id !== notice!.id);
    expect(recipientsOf(copies)).toEqual([ann.user.emails[0], ben.user.emails[0]].sort());
    expect(copies.every((m) => m.subject === notice!.subject && m.text === notice!.text)).toBe(true);

    // A second report of the same failure (MTAs retry and report again) escalates nothing more.
    await receive(report(), { to, from: "" });
    expect(await notificationsOf(t.tenant.id, ticket.id, 0, 1500)).toHaveLength(mails.length);
  });

  it("never hands a customer's bounced notice to staff", async () => {
    const { t, customer, ann } = await staffedTenant("bouncedcust");
    const ticket = await t.admin.post("/tickets", { subject: "Printer on floor 3 is jammed", text: "x", customerId: customer.id, assigneeId: ann.user.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);
    await ann.client.patch(`/tickets/${ticket.id}`, { status: "resolved" });
    const resolved = (await notificationsOf(t.tenant.id, ticket.id, 2)).find((m) => m.to[0]!.address === customer.emails[0]);
    expect(resolved).toBeDefined();
    await delivered(t.tenant.id, resolved!);

    const to = t.tenant.inboundAddress;
    await receive(fixture("bounce_with_delivery_status", { to, number: ticket.number, originalMessageId: resolved!.messageId, failedRecipient: customer.emails[0]! }), { to, from: "" });
    expect(await notificationsOf(t.tenant.id, ticket.id, 0, 1500)).toHaveLength(2);
    const [row] = await createDb(env.DB).select().from(deliveries).where(eq(deliveries.mailId, resolved!.id));
    expect(row!.status).toBe("bounced");
  });
});
