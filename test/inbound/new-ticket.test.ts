import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { fixture, deliver, helpdesk, incoming, receive } from "./mail";
import { receiveEmail } from "../../worker/channels/email/receive";

describe("inbound mail that opens a ticket", () => {
  it("turns a mail to the tenant address into a new ticket in the default category with the sender as customer", async () => {
    const desk = await helpdesk();
    const messageId = "<new-ticket-1@customer.example>";
    expect(await desk.send("new_ticket", { messageId })).toEqual({ rejected: null });
    const [ticket] = await desk.tickets();
    expect(ticket).toMatchObject({ subject: "Printer on floor 3 is jammed", status: "new", channel: "email" });
    const settings = await desk.t.admin.get("/settings");
    expect(ticket.categoryId).toBe(settings.defaultCategoryId);
    const customer = await desk.t.admin.get(`/users/${ticket.customerId}`);
    expect(customer).toMatchObject({ role: "customer", name: "Carla Customer", emails: ["carla@customer.example"] });
    const detail = await desk.detail(ticket.id);
    expect(detail.articles).toHaveLength(1);
    expect(detail.articles[0]).toMatchObject({ direction: "in", kind: "message", messageId, from: { address: "carla@customer.example", name: "Carla Customer" }, authorId: customer.id });
    expect(detail.articles[0].text).toContain("jammed since this morning");
  });

  it("routes a plus-address to its category, with or without a trailing word", async () => {
    const desk = await helpdesk();
    const category = await desk.t.admin.post("/categories", { names: { en: "Billing" } });
    const [local, domain] = desk.to.split("@");
    await desk.send("plus_address", {}, { to: `${local}+${category.id}@${domain}` });
    await desk.send("plus_address", {}, { to: `${local}+${category.id}-billing@${domain}` });
    const tickets = await desk.tickets();
    expect(tickets).toHaveLength(2);
    expect(tickets.every((t) => t.categoryId === category.id)).toBe(true);
  });

  it("routes a tenant's custom inbound address to its tenant and category", async () => {
    const desk = await helpdesk();
    const category = await desk.t.admin.post("/categories", { names: { en: "Sales" } });
    await desk.t.admin.post("/inbound-addresses", { address: `sales@${desk.t.tenant.slug}.example`, categoryId: category.id });
    expect(await desk.send("custom_address", {}, { to: `Sales@${desk.t.tenant.slug}.example` })).toEqual({ rejected: null });
    const [ticket] = await desk.tickets();
    expect(ticket).toMatchObject({ subject: "Question sent to our own support address", categoryId: category.id });
  });

  it("rejects mail for an unknown recipient with a reason and stores nothing", async () => {
    const before = await env.FILES.list();
    const { rejected } = await deliver(fixture("new_ticket", { to: "nobody@edgedesk.localhost" }), { to: "nobody@edgedesk.localhost" });
    expect(rejected).toMatch(/No helpdesk receives mail at nobody@edgedesk.localhost/);
    const after = await env.FILES.list();
    expect(after.objects.length).toBe(before.objects.length);
  });

  it("rejects mail over 25 MiB before reading it", async () => {
    const desk = await helpdesk();
    const { message, state } = incoming(new Uint8Array(16), { from: "carla@customer.example", to: desk.to });
    Object.assign(message, { rawSize: 25 * 1024 * 1024 + 1 });
    expect(await receiveEmail(message, env)).toMatchObject({ outcome: "rejected" });
    expect(state.rejected).toMatch(/too large.*25 MiB/);
    expect(await desk.tickets()).toHaveLength(0);
  });

  it("makes people in TO and CC subscribers of the new ticket, creating them as customers, but not the tenant's own address", async () => {
    const desk = await helpdesk();
    await desk.send("cc_subscribers");
    const [ticket] = await desk.tickets();
    const subscribers = await Promise.all(ticket.subscriberIds.map((id: number) => desk.t.admin.get(`/users/${id}`)));
    expect(subscribers.map((u) => u.emails[0]).sort()).toEqual(["dan@customer.example", "erin@customer.example"]);
    expect(subscribers.every((u) => u.role === "customer")).toBe(true);
    expect(subscribers.find((u) => u.emails[0] === "dan@customer.example").name).toBe("Dan Colleague");
  });

  it("does not add CC subscribers when the tenant turned that off", async () => {
    const desk = await helpdesk();
    await desk.t.admin.patch("/settings", { addCcAsSubscribers: false });
    await desk.send("cc_subscribers");
    const [ticket] = await desk.tickets();
    expect(ticket.subscriberIds).toEqual([]);
  });

  it("keeps mail from unregistered senders as failed, without creating a user, when the tenant accepts only registered senders", async () => {
    const desk = await helpdesk();
    await desk.t.admin.patch("/settings", { acceptUnregisteredSenders: false });
    const result = await receive(fixture("new_ticket", { to: desk.to, from: "stranger@unknown.example" }), { to: desk.to, from: "stranger@unknown.example" });
    expect(result).toMatchObject({ outcome: "failed", reason: "unregistered_sender" });
    expect(await desk.tickets()).toHaveLength(0);
    const users = await desk.t.admin.get("/users?q=unknown.example");
    expect(users.data).toHaveLength(0);
    const [failed] = await desk.failed();
    expect(failed).toMatchObject({ reason: "unregistered_sender", envelopeFrom: "stranger@unknown.example", subject: "Printer on floor 3 is jammed", status: "failed" });
  });

  it("opens a ticket for a no-reply sender but marks it as not to be answered automatically", async () => {
    const desk = await helpdesk();
    const result = await receive(fixture("noreply_sender", { to: desk.to }), { to: desk.to, from: "no-reply@shop.example" });
    expect(result).toMatchObject({ outcome: "ticket", mayAutoAnswer: false });
    const normal = await receive(fixture("new_ticket", { to: desk.to }), { to: desk.to });
    expect(normal).toMatchObject({ outcome: "ticket", mayAutoAnswer: true });
  });
});
