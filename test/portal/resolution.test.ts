import { describe, expect, it } from "vitest";
import { addCustomer, customerClient, ORIGIN, signUp } from "../helpers/api";
import { worker } from "../helpers/worker";
import { uniqueAddress } from "../outbound/helpers";

describe("customer portal resolution answers", () => {
  async function resolvedTicket() {
    const t = await signUp("portalres");
    const carla = await addCustomer(t, "Carla", { emails: [uniqueAddress("carla")] });
    const ticket = await t.admin.post("/tickets", { subject: "Lid fixed?", customerId: carla.id, text: "It broke" });
    const customer = await customerClient(t.tenant.id, carla.id);
    return { t, carla, ticket, customer };
  }

  it("offers no answers before the ticket is resolved", async () => {
    const { ticket, customer } = await resolvedTicket();
    const links = await customer.get(`/tickets/${ticket.id}/customer-actions`);
    expect(Object.values(links).every((v) => v === null)).toBe(true);
  });

  it("gives the customer links that accept the resolution and rate the ticket", async () => {
    const { t, ticket, customer } = await resolvedTicket();
    await t.admin.patch(`/tickets/${ticket.id}`, { status: "resolved" });
    const links = await customer.get(`/tickets/${ticket.id}/customer-actions`);
    expect(links.accept).toMatch(/^\/api\/v1\/ticket-actions\//);
    const accepted = await worker.fetch(`${ORIGIN}${links.accept}`, { method: "POST" });
    expect(accepted.status).toBe(200);
    expect((await t.admin.get(`/tickets/${ticket.id}`)).status).toBe("closed");
    const rated = await worker.fetch(`${ORIGIN}${links.rate_good}`, { method: "POST" });
    expect(rated.status).toBe(200);
    expect((await t.admin.get(`/tickets/${ticket.id}/rating`)).rating).toBe("good");
  });

  it("gives links only to the ticket's customer, and nothing to agents", async () => {
    const { t, ticket } = await resolvedTicket();
    const agentRes = await t.admin.request("GET", `/tickets/${ticket.id}/customer-actions`);
    expect(agentRes.status).toBe(403);
    const stranger = await addCustomer(t, "Sam", { emails: [uniqueAddress("sam")] });
    const samClient = await customerClient(t.tenant.id, stranger.id);
    expect((await samClient.request("GET", `/tickets/${ticket.id}/customer-actions`)).status).toBe(404);
  });
});
