import { describe, expect, it } from "vitest";
import { addCustomer, addStaff, customerClient, signUp } from "../helpers/api";

describe("roles", () => {
  it("agents work tickets and customers but cannot manage agents, settings or addresses", async () => {
    const t = await signUp("agentrole");
    const { client: agent } = await addStaff(t, "Anna");
    expect((await agent.request("POST", "/users", { role: "customer", name: "Cust" })).status).toBe(201);
    expect((await agent.request("POST", "/users", { role: "agent", name: "Sneaky" })).status).toBe(403);
    expect((await agent.request("PATCH", "/settings", { acceptUnregisteredSenders: false })).status).toBe(403);
    expect((await agent.request("GET", "/inbound-addresses")).status).toBe(403);
    expect((await agent.request("POST", "/categories", { names: { en: "x" } })).status).toBe(403);
    expect((await agent.request("PATCH", `/users/${t.user.id}`, { name: "Owned" })).status).toBe(403);
    expect((await agent.request("POST", "/tickets", { subject: "Agent ticket" })).status).toBe(201);
  });

  it("an admin cannot lock themselves out", async () => {
    const t = await signUp("selflock");
    expect((await t.admin.request("PATCH", `/users/${t.user.id}`, { role: "agent" })).status).toBe(403);
    expect((await t.admin.request("DELETE", `/users/${t.user.id}`)).status).toBe(403);
  });

  it("agents limited to categories see only those tickets and the ones assigned to them", async () => {
    const t = await signUp("limited");
    const billing = await t.admin.post("/categories", { names: { en: "Billing" } });
    const { client: agent, user } = await addStaff(t, "Lim", "agent", { limitedToCategories: true, categoryIds: [billing.id] });
    const inCategory = await t.admin.post("/tickets", { subject: "bill", categoryId: billing.id });
    const assigned = await t.admin.post("/tickets", { subject: "mine", assigneeId: user.id });
    const hidden = await t.admin.post("/tickets", { subject: "other" });
    const seen = (await agent.get("/tickets")).data.map((x: { id: number }) => x.id).sort();
    expect(seen).toEqual([inCategory.id, assigned.id].sort());
    expect((await agent.request("GET", `/tickets/${hidden.id}`)).status).toBe(404);
  });

  it("customers see only their own tickets, never internal notes, and cannot write notes or change tickets", async () => {
    const t = await signUp("customer");
    const jane = await addCustomer(t, "Jane");
    const joe = await addCustomer(t, "Joe");
    const janes = await t.admin.post("/tickets", { subject: "Jane's", customerId: jane.id, text: "hello" });
    await t.admin.post(`/tickets/${janes.id}/articles`, { text: "secret note", internal: true });
    await t.admin.post(`/tickets/${janes.id}/articles`, { text: "public answer" });
    const joes = await t.admin.post("/tickets", { subject: "Joe's", customerId: joe.id });
    const client = await customerClient(t.tenant.id, jane.id);
    expect((await client.get("/tickets")).data.map((x: { id: number }) => x.id)).toEqual([janes.id]);
    expect((await client.request("GET", `/tickets/${joes.id}`)).status).toBe(404);
    const detail = await client.get(`/tickets/${janes.id}`);
    expect(detail.articles.map((a: { text: string }) => a.text)).toEqual(["hello", "public answer"]);
    expect((await client.request("POST", `/tickets/${janes.id}/articles`, { text: "note?", internal: true })).status).toBe(403);
    expect((await client.request("PATCH", `/tickets/${janes.id}`, { status: "closed" })).status).toBe(403);
    expect((await client.request("GET", "/users")).status).toBe(403);
    expect((await client.request("GET", `/tickets/${janes.id}/time-entries`)).status).toBe(403);
  });

  it("a customer's reply reopens their resolved ticket and a new ticket is theirs", async () => {
    const t = await signUp("custreply");
    const jane = await addCustomer(t, "Jane");
    const ticket = await t.admin.post("/tickets", { subject: "Done?", customerId: jane.id, status: "resolved" });
    const client = await customerClient(t.tenant.id, jane.id);
    const reply = await client.post(`/tickets/${ticket.id}/articles`, { text: "Not fixed" });
    expect(reply).toMatchObject({ direction: "in", channel: "web" });
    expect((await t.admin.get(`/tickets/${ticket.id}`)).status).toBe("open");
    const own = await client.post("/tickets", { subject: "Mine", text: "new issue" });
    expect(own).toMatchObject({ customerId: jane.id, channel: "web" });
    expect((await client.request("POST", "/tickets", { subject: "x", assigneeId: t.user.id })).status).toBe(403);
  });

  it("customers of one company see each other's tickets only when the tenant allows it", async () => {
    const t = await signUp("company");
    const a = await addCustomer(t, "Amy", { company: "Globex" });
    const b = await addCustomer(t, "Bob", { company: "Globex" });
    const bobs = await t.admin.post("/tickets", { subject: "Bob's", customerId: b.id });
    const amy = await customerClient(t.tenant.id, a.id);
    expect((await amy.request("GET", `/tickets/${bobs.id}`)).status).toBe(404);
    await t.admin.patch("/settings", { customersSeeCompanyTickets: true });
    expect((await amy.request("GET", `/tickets/${bobs.id}`)).status).toBe(200);
  });
});
