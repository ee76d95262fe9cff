import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { recordBounce } from "../../worker/outbound/bounces";
import { addStaff, signUp } from "../helpers/api";
import { deliveriesOf, sentViaBinding, ticketFromCustomerMail, uniqueAddress } from "./helpers";

async function ticketWithSubscribers(prefix: string) {
  const t = await signUp(prefix);
  const { client: agent } = await addStaff(t, "Eve");
  const email = uniqueAddress("cust");
  const colleague = uniqueAddress("colleague");
  const boss = uniqueAddress("boss");
  const customer = await t.admin.post("/users", { role: "customer", name: "Cus Tomer", emails: [email] });
  const c1 = await t.admin.post("/users", { role: "customer", name: "Col League", emails: [colleague] });
  const c2 = await t.admin.post("/users", { role: "customer", name: "Big Boss", emails: [boss] });
  const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Team access", messageId: `<team-${email}>` });
  await t.admin.patch(`/tickets/${ticketId}`, { subscriberIds: [c1.id, c2.id] });
  return { t, agent, ticketId, email, colleague, boss };
}

describe("who an agent's reply goes to", () => {
  it("sends each subscriber a mail of their own by default", async () => {
    const { t, agent, ticketId, email, colleague, boss } = await ticketWithSubscribers("persub");
    const reply = await agent.post(`/tickets/${ticketId}/articles`, { text: "Access granted." });
    expect(reply.to).toEqual([{ name: "Cus Tomer", address: email }]);
    expect(reply.deliveries.map((d: { recipient: string }) => d.recipient).sort()).toEqual([boss, colleague, email].sort());
    await deliveriesOf(t, ticketId, reply.id, (d) => d.every((x) => x.status === "sent"));
    const [toColleague] = await sentViaBinding(colleague);
    expect(toColleague!.parsed.to?.map((a) => a.address)).toEqual([colleague]);
    expect(toColleague!.parsed.cc ?? []).toEqual([]);
    expect(toColleague!.parsed.text?.trim()).toBe("Access granted.");
  });

  it("puts subscribers in CC of the customer's mail when the tenant prefers one mail", async () => {
    const { t, agent, ticketId, email, colleague, boss } = await ticketWithSubscribers("ccsub");
    await t.admin.json("PATCH", "/notification-settings", { oneMailPerSubscriber: false });
    const reply = await agent.post(`/tickets/${ticketId}/articles`, { text: "One mail for all." });
    await deliveriesOf(t, ticketId, reply.id, (d) => d.length === 3 && d.every((x) => x.status === "sent"));
    const [mail] = await sentViaBinding(email);
    expect(mail!.parsed.cc?.map((a) => a.address).sort()).toEqual([boss, colleague].sort());
  });

  it("never writes to no-reply addresses or to the tenant's own addresses", async () => {
    const t = await signUp("blocked");
    const { client: agent } = await addStaff(t, "Fay");
    const robot = `no-reply.${Date.now().toString(36)}@vendor.example`;
    const customer = await t.admin.post("/users", { role: "customer", name: "Vendor robot", emails: [robot] });
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Invoice 77", messageId: `<inv-${robot}>` });
    const ours = await t.admin.post("/users", { role: "customer", name: "Ourselves", emails: [`help@${t.tenant.slug}.example`] });
    await t.admin.post("/inbound-addresses", { address: `help@${t.tenant.slug}.example` });
    await t.admin.patch(`/tickets/${ticketId}`, { subscriberIds: [ours.id] });

    const reply = await agent.post(`/tickets/${ticketId}/articles`, { text: "Thanks" });
    const settled = await deliveriesOf(t, ticketId, reply.id, (d) => d.every((x) => x.status !== "queued"));
    expect(settled.sort((a, b) => a.recipient.localeCompare(b.recipient))).toEqual([
      { recipient: `help@${t.tenant.slug}.example`, status: "failed", error: "not sent: one of our own addresses" },
      { recipient: robot, status: "failed", error: "not sent: no-reply address" },
    ]);
  });
});

describe("bounces reported by the inbound pipeline", () => {
  it("mark the delivery bounced and stop all mail to a permanently failing address", async () => {
    const t = await signUp("bounce");
    const { client: agent } = await addStaff(t, "Gus");
    const email = uniqueAddress("gone");
    const customer = await t.admin.post("/users", { role: "customer", name: "Gone", emails: [email] });
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Old account", messageId: `<old-${email}>` });
    const reply = await agent.post(`/tickets/${ticketId}/articles`, { text: "Hello?" });
    await deliveriesOf(t, ticketId, reply.id, (d) => d[0]?.status === "sent");

    await recordBounce(createDb(env.DB), { tenantId: t.tenant.id, messageId: reply.messageId, recipient: email.toUpperCase(), statusCode: "5.1.1", permanent: true, diagnostic: "550 5.1.1 user unknown" });
    expect((await deliveriesOf(t, ticketId, reply.id, () => true))[0]).toEqual({ recipient: email, status: "bounced", error: "5.1.1 550 5.1.1 user unknown" });

    const next = await agent.post(`/tickets/${ticketId}/articles`, { text: "Anyone?" });
    const [skipped] = await deliveriesOf(t, ticketId, next.id, (d) => d[0]?.status === "failed");
    expect(skipped!.error).toMatch(/^not sent: the address failed permanently before/);
  });

  it("mark a temporary failure as failed without blocking the address", async () => {
    const t = await signUp("softbounce");
    const { client: agent } = await addStaff(t, "Hal");
    const email = uniqueAddress("full");
    const customer = await t.admin.post("/users", { role: "customer", name: "Full Box", emails: [email] });
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Mailbox full", messageId: `<full-${email}>` });
    const reply = await agent.post(`/tickets/${ticketId}/articles`, { text: "Hi" });
    await deliveriesOf(t, ticketId, reply.id, (d) => d[0]?.status === "sent");
    await recordBounce(createDb(env.DB), { tenantId: t.tenant.id, messageId: reply.messageId, recipient: email, statusCode: "4.2.2", permanent: false, diagnostic: "mailbox full" });
    expect((await deliveriesOf(t, ticketId, reply.id, () => true))[0]!.status).toBe("failed");
    const next = await agent.post(`/tickets/${ticketId}/articles`, { text: "Again" });
    await deliveriesOf(t, ticketId, next.id, (d) => d[0]?.status === "sent");
  });
});
