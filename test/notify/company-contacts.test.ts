import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { notifyTicket } from "../../worker/notify/notify";
import { signUp } from "../helpers/api";
import { notificationsOf, recipientsOf, staffedTenant } from "./helpers";

const resolvedTo = async (tenantId: number, ticketId: number, atLeast: number) => recipientsOf(await notificationsOf(tenantId, ticketId, atLeast), "Resolved");

describe("company contacts", () => {
  it("tells the flagged, active contacts of the customer's company when a ticket is resolved, whatever the case of its name", async () => {
    const { t, ann, customer } = await staffedTenant("company");
    await t.admin.patch(`/users/${customer.id}`, { company: "Müller GmbH" });
    const customerOf = (name: string, company: string, extra: Record<string, unknown> = {}) =>
      t.admin.post("/users", { role: "customer", name, emails: [`${name.toLowerCase()}-${t.tenant.slug}@customer.example`], company, ...extra });
    const eve = await customerOf("Eve", " MÜLLER gmbh ", { companyContact: true });
    await customerOf("Fay", "Müller GmbH"); // same company, not a contact
    await customerOf("Gus", "Other AG", { companyContact: true }); // a contact of another company
    const hal = await customerOf("Hal", "Müller GmbH", { companyContact: true });
    await t.admin.patch(`/users/${hal.id}`, { active: false });
    // Another tenant's contact of a company with the same name hears nothing.
    const other = await signUp("companyother");
    await other.admin.post("/users", { role: "customer", name: "Ivy", emails: [`ivy-${t.tenant.slug}@customer.example`], company: "Müller GmbH", companyContact: true });

    const ticket = await t.admin.post("/tickets", { subject: "Invoice wrong", text: "x", customerId: customer.id, assigneeId: ann.user.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);
    await ann.client.patch(`/tickets/${ticket.id}`, { status: "resolved" });
    expect(await resolvedTo(t.tenant.id, ticket.id, 3)).toEqual([customer.emails[0], eve.emails[0]].sort());
  });

  it("names nobody for a customer without a company, and never the contact who caused the change", async () => {
    const { t, ann, customer } = await staffedTenant("companyactor");
    const eve = await t.admin.post("/users", { role: "customer", name: "Eve", emails: [`eve-${t.tenant.slug}@customer.example`], company: "Acme", companyContact: true });
    const ticket = await t.admin.post("/tickets", { subject: "No company", text: "x", customerId: customer.id, assigneeId: ann.user.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);
    await ann.client.patch(`/tickets/${ticket.id}`, { status: "resolved" });
    expect(await resolvedTo(t.tenant.id, ticket.id, 2)).toEqual([customer.emails[0]]);

    await t.admin.patch(`/users/${customer.id}`, { company: "ACME" });
    const resolvedBy = (actorId: number) => notifyTicket(env, t.tenant.id, { type: "updated", ticketId: ticket.id, actorId, before: { assigneeId: ann.user.id, categoryId: null, status: "open" }, after: { assigneeId: ann.user.id, categoryId: null, status: "resolved" } });
    await resolvedBy(eve.id);
    expect(await resolvedTo(t.tenant.id, ticket.id, 3)).toEqual([customer.emails[0], customer.emails[0]]);
    // The same change made by someone else does reach her.
    await resolvedBy(ann.user.id);
    expect(await resolvedTo(t.tenant.id, ticket.id, 5)).toEqual([customer.emails[0], customer.emails[0], customer.emails[0], eve.emails[0]]);
  });

  it("lets only admins set the company-contact flag, and refuses anything but a boolean", async () => {
    const { t, ann, customer } = await staffedTenant("companyflag");
    expect(await t.admin.get(`/users/${customer.id}`)).toMatchObject({ companyContact: false });

    const byAgent = await ann.client.request("PATCH", `/users/${customer.id}`, { companyContact: true });
    expect(byAgent.status).toBe(403);
    expect(await byAgent.json()).toEqual({ error: { code: "forbidden", message: "Only admins choose company contacts" } });
    const createdByAgent = await ann.client.request("POST", "/users", { role: "customer", name: "Kim", companyContact: true });
    expect(createdByAgent.status).toBe(403);
    // Agents still manage customers' other fields.
    expect(await ann.client.patch(`/users/${customer.id}`, { company: "Acme" })).toMatchObject({ company: "Acme", companyContact: false });

    const bad = await t.admin.request("PATCH", `/users/${customer.id}`, { companyContact: "yes" });
    expect(bad.status).toBe(400);
    expect((await bad.json<any>()).error.issues.map((i: { path: string }) => i.path)).toEqual(["companyContact"]);

    expect(await t.admin.patch(`/users/${customer.id}`, { companyContact: true })).toMatchObject({ companyContact: true });
    expect(await t.admin.get(`/users/${customer.id}`)).toMatchObject({ companyContact: true });
  });
});
