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
