import { afterEach, describe, expect, it } from "vitest";
import { addStaff, signUp } from "../helpers/api";
import { LiveSocket, openLive } from "./live-socket";

const open: LiveSocket[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

describe("tenant hub", () => {
  it("pushes new tickets, new messages and changes to every dashboard of the tenant", async () => {
    const t = await signUp("hub");
    const anna = await addStaff(t, "Anna");
    const dashboard = await openLive(anna.client, "/live");
    open.push(dashboard);
    const ticket = await t.admin.post("/tickets", { subject: "Invoice wrong", customerEmail: "eve@customer.example", text: "Please fix" });
    await dashboard.next((m) => m.t === "ticket" && m.ticketId === ticket.id && m.change === "created");
    await t.admin.post(`/tickets/${ticket.id}/articles`, { text: "Looking into it" });
    await dashboard.next((m) => m.ticketId === ticket.id && m.change === "article");
    await t.admin.patch(`/tickets/${ticket.id}`, { status: "pending", assigneeId: anna.user.id });
    await dashboard.next((m) => m.ticketId === ticket.id && m.change === "updated");
  });

  it("tells an agent limited to categories only of tickets they may see, and of one as soon as it is assigned to them", async () => {
    const t = await signUp("hublimited");
    const billing = await t.admin.post("/categories", { names: { en: "Billing" } });
    const lim = await addStaff(t, "Lim", "agent", { limitedToCategories: true, categoryIds: [billing.id] });
    const anna = await addStaff(t, "Anna");
    const limited = await openLive(lim.client, "/live");
    const everyone = await openLive(anna.client, "/live");
    open.push(limited, everyone);

    const hidden = await t.admin.post("/tickets", { subject: "Elsewhere", customerEmail: "x@customer.example", text: "not for Lim" });
    await t.admin.post(`/tickets/${hidden.id}/articles`, { text: "Answer Lim must not hear of" });
    const visible = await t.admin.post("/tickets", { subject: "Invoice", customerEmail: "y@customer.example", text: "hello", categoryId: billing.id });
    await limited.next((m) => m.ticketId === visible.id && m.change === "created");
    // The hub told Anna of each change in the same call it decided for Lim.
    await everyone.next((m) => m.ticketId === hidden.id && m.change === "article");
    await everyone.next((m) => m.ticketId === visible.id && m.change === "created");
    expect(limited.received.map((m) => m.ticketId)).toEqual([visible.id]);

    await t.admin.patch(`/tickets/${hidden.id}`, { assigneeId: lim.user.id });
    await limited.next((m) => m.ticketId === hidden.id && m.change === "updated");
  });

  it("tells an agent limited to categories once when a ticket moves away from them, and nothing after", async () => {
    const t = await signUp("hubaway");
    const billing = await t.admin.post("/categories", { names: { en: "Billing" } });
    const sales = await t.admin.post("/categories", { names: { en: "Sales" } });
    const lim = await addStaff(t, "Lim", "agent", { limitedToCategories: true, categoryIds: [billing.id] });
    const limited = await openLive(lim.client, "/live");
    const everyone = await openLive(t.admin, "/live");
    open.push(limited, everyone);
    const invoice = await t.admin.post("/tickets", { subject: "Invoice", customerEmail: "y@customer.example", text: "hello", categoryId: billing.id, assigneeId: lim.user.id });
    await limited.next((m) => m.ticketId === invoice.id && m.change === "created");

    // Unassigned, it stays in Lim's category; moved to Sales, it leaves Lim's list: both told.
    await t.admin.patch(`/tickets/${invoice.id}`, { assigneeId: null });
    await t.admin.patch(`/tickets/${invoice.id}`, { categoryId: sales.id });
    await everyone.next((m) => m.ticketId === invoice.id && everyone.received.filter((r) => r.change === "updated").length === 2);
    await limited.next((m) => m.ticketId === invoice.id && limited.received.filter((r) => r.change === "updated").length === 2);
    expect((await lim.client.request("GET", `/tickets/${invoice.id}`)).status).toBe(404);

    // From then on the ticket is not Lim's business.
    await t.admin.post(`/tickets/${invoice.id}/articles`, { text: "Sales will answer" });
    await t.admin.patch(`/tickets/${invoice.id}`, { status: "pending" });
    await everyone.next((m) => m.ticketId === invoice.id && everyone.received.filter((r) => r.change === "updated").length === 3);
    expect(limited.received.map((m) => m.change)).toEqual(["created", "updated", "updated"]);
  });

  it("does not tell one tenant's dashboards about another tenant's tickets", async () => {
    const mine = await signUp("hubmine");
    const theirs = await signUp("hubtheirs");
    const dashboard = await openLive(mine.admin, "/live");
    open.push(dashboard);
    await theirs.admin.post("/tickets", { subject: "Not yours", customerEmail: "x@customer.example", text: "secret" });
    const own = await mine.admin.post("/tickets", { subject: "Yours", customerEmail: "y@customer.example", text: "hello" });
    await dashboard.next((m) => m.ticketId === own.id);
    expect(dashboard.received.map((m) => m.ticketId)).toEqual([own.id]);
  });
});
