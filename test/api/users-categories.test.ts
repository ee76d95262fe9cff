import { describe, expect, it } from "vitest";
import { addStaff, signUp } from "../helpers/api";

describe("users", () => {
  it("stores several emails lower-cased and phone numbers in E.164, primary email first", async () => {
    const t = await signUp("contacts");
    const user = await t.admin.post("/users", {
      name: "Jane Roe",
      emails: ["Jane.Roe@Example.COM", "jane@home.example"],
      phones: ["+49 (30) 123-4567", "0044 20 7946 0018"],
      xHandle: "@JaneRoe",
      company: "Globex",
      locale: "de",
    });
    expect(user).toMatchObject({
      role: "customer",
      emails: ["jane.roe@example.com", "jane@home.example"],
      phones: ["+49301234567", "+442079460018"],
      xHandle: "janeroe",
      company: "Globex",
      locale: "de",
    });
  });

  it("refuses a national phone number and an email another user already has", async () => {
    const t = await signUp("dupes");
    await t.admin.post("/users", { name: "First", emails: ["same@example.com"] });
    const dup = await t.admin.request("POST", "/users", { name: "Second", emails: ["SAME@example.com"] });
    expect(dup.status).toBe(409);
    const national = await t.admin.request("POST", "/users", { name: "Third", phones: ["030 1234567"] });
    expect(national.status).toBe(400);
    expect((await national.json<any>()).error.issues[0].path).toBe("phones");
    // The same address may exist in another tenant: tenants never see each other's people.
    const other = await signUp("dupes");
    expect((await other.admin.request("POST", "/users", { name: "Elsewhere", emails: ["same@example.com"] })).status).toBe(201);
  });


  it("puts an agent only in the tenant's own categories, each once", async () => {
    const t = await signUp("agent-cats");
    const other = await signUp("agent-cats");
    const mine = await t.admin.post("/categories", { names: { en: "Mine" } });
    const theirs = await other.admin.post("/categories", { names: { en: "Theirs" } });
    const foreign = await t.admin.request("POST", "/users", { role: "agent", name: "Nia", emails: [`nia@${t.tenant.slug}.example`], categoryIds: [mine.id, theirs.id] });
    expect(foreign.status).toBe(400);
    expect((await foreign.json<any>()).error.issues[0].path).toBe("categoryIds");
    const agent = await t.admin.post("/users", { role: "agent", name: "Nia", emails: [`nia@${t.tenant.slug}.example`], categoryIds: [mine.id, mine.id] });
    expect(agent.categoryIds).toEqual([mine.id]);
  });
  it("refuses agents and admins without an email address, since they could never sign in", async () => {
    const t = await signUp("staff-mail");
    const bare = await t.admin.request("POST", "/users", { role: "agent", name: "Nobody", phones: ["+49 30 1234567"] });
    expect(bare.status).toBe(400);
    expect((await bare.json<any>()).error.issues[0].path).toBe("emails");
    const agent = await t.admin.post("/users", { role: "agent", name: "Somebody", emails: ["somebody@staff-mail.example"], password: "agent password 123" });
    expect((await t.admin.request("PATCH", `/users/${agent.id}`, { emails: [] })).status).toBe(400);
    // A customer without an address (a caller known by phone) may become staff only with one.
    const caller = await t.admin.post("/users", { name: "Caller", phones: ["+49 30 7654321"] });
    expect((await t.admin.request("PATCH", `/users/${caller.id}`, { role: "agent" })).status).toBe(400);
    expect((await t.admin.patch(`/users/${caller.id}`, { role: "agent", emails: ["caller@staff-mail.example"] })).role).toBe("agent");
    expect((await t.admin.get<any>(`/users/${agent.id}`)).emails).toEqual(["somebody@staff-mail.example"]);
  });

  it("searches users by name, company and email and shows a customer's ticket history", async () => {
    const t = await signUp("usersearch");
    const jane = await t.admin.post("/users", { name: "Jane", emails: ["jane@globex.example"], company: "Globex" });
    await t.admin.post("/users", { name: "Joe", emails: ["joe@initech.example"] });
    const names = async (q: string) => (await t.admin.get(`/users?q=${q}`)).data.map((u: { name: string }) => u.name);
    expect(await names("glob")).toEqual(["Jane"]);
    expect(await names("initech")).toEqual(["Joe"]);
    const first = await t.admin.post("/tickets", { subject: "First", customerId: jane.id });
    const second = await t.admin.post("/tickets", { subject: "Second", customerId: jane.id });
    const history = await t.admin.get(`/users/${jane.id}/tickets`);
    expect(history.data.map((x: { id: number }) => x.id)).toEqual([second.id, first.id]);
  });
});

describe("categories", () => {
  it("names are kept per locale and each agent sees them in their own language", async () => {
    const t = await signUp("i18n");
    const billing = await t.admin.post("/categories", { names: { en: "Billing", de: "Abrechnung", fr: "Facturation" } });
    expect(billing.inboundAddress).toBe(`${t.tenant.slug}+${billing.id}-billing@edgedesk.localhost`);
    const { client: german } = await addStaff(t, "Greta", "agent", { locale: "de" });
    const { client: swiss } = await addStaff(t, "Urs", "agent", { locale: "fr-CH" });
    const { client: spanish } = await addStaff(t, "Ana", "agent", { locale: "es" });
    expect((await german.get(`/categories/${billing.id}`)).name).toBe("Abrechnung");
    expect((await swiss.get(`/categories/${billing.id}`)).name).toBe("Facturation");
    expect((await spanish.get(`/categories/${billing.id}`)).name).toBe("Billing");
    await t.admin.patch(`/categories/${billing.id}`, { names: { en: "Billing", de: "Rechnungen" } });
    expect((await german.get(`/categories/${billing.id}`)).name).toBe("Rechnungen");
  });

  it("a category can have a parent and agents, but not itself as parent or a customer as agent", async () => {
    const t = await signUp("cattree");
    const { user: agent } = await addStaff(t, "Anna");
    const customer = await t.admin.post("/users", { name: "Cust" });
    const parent = await t.admin.post("/categories", { names: { en: "Hardware" } });
    const child = await t.admin.post("/categories", { names: { en: "Printers" }, parentId: parent.id, agentIds: [agent.id] });
    expect(child).toMatchObject({ parentId: parent.id, agentIds: [agent.id] });
    expect((await t.admin.request("PATCH", `/categories/${child.id}`, { parentId: child.id })).status).toBe(400);
    expect((await t.admin.request("PATCH", `/categories/${parent.id}`, { parentId: child.id })).status).toBe(400);
    expect((await t.admin.request("PATCH", `/categories/${child.id}`, { agentIds: [customer.id] })).status).toBe(400);
    expect((await t.admin.json("DELETE", `/categories/${child.id}`, undefined, [200])).active).toBe(false);
  });

  it("custom inbound addresses route to a category and the standard address cannot be removed", async () => {
    const t = await signUp("addresses");
    const billing = await t.admin.post("/categories", { names: { en: "Billing" } });
    const custom = await t.admin.post("/inbound-addresses", { address: "Billing@Acme.example", categoryId: billing.id });
    expect(custom).toMatchObject({ address: "billing@acme.example", kind: "custom", categoryId: billing.id });
    const other = await signUp("addresses");
    expect((await other.admin.request("POST", "/inbound-addresses", { address: "billing@acme.example" })).status).toBe(409);
    expect((await t.admin.request("POST", "/inbound-addresses", { address: `x@edgedesk.localhost` })).status).toBe(400);
    const standard = (await t.admin.get("/inbound-addresses")).data.find((a: { kind: string }) => a.kind === "standard");
    expect((await t.admin.request("DELETE", `/inbound-addresses/${standard.id}`)).status).toBe(409);
    expect((await t.admin.request("DELETE", `/inbound-addresses/${custom.id}`)).status).toBe(204);
  });
});
