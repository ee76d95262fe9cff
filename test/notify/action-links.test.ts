import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LINK_LIFETIME_MS, signActionLink } from "../../worker/notify/action-links";
import { worker } from "../helpers/worker";
import { openLive } from "../realtime/live-socket";
import { notificationsOf, staffedTenant } from "./helpers";

/** The links of the resolved mail a customer got, by the action they name. */
async function resolvedMailLinks() {
  const s = await staffedTenant("links");
  const ticket = await s.t.admin.post("/tickets", { subject: "Fan noisy", text: "Loud", customerId: s.customer.id, assigneeId: s.ann.user.id });
  await s.ann.client.patch(`/tickets/${ticket.id}`, { status: "resolved" });
  const [mail] = (await notificationsOf(s.t.tenant.id, ticket.id, 2)).filter((m) => m.subject.startsWith("Resolved"));
  const urls = [...mail!.html!.matchAll(/href="([^"]*ticket-actions[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
  const [accept, reject, good, okay, bad] = urls;
  return { ...s, ticket, links: { accept: accept!, reject: reject!, good: good!, okay: okay!, bad: bad! } };
}

// A browser without any session: the link alone must do.
const open = (url: string, method = "GET") => worker.fetch(url, { method, headers: method === "POST" ? { Origin: "http://127.0.0.1:8787" } : {} });

describe("signed links in the resolved mail", () => {
  it("close the ticket once the customer confirms, without giving them a session", async () => {
    const { t, ticket, links, ann } = await resolvedMailLinks();
    const confirm = await open(links.accept);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('<form method="post">');
    // Opening the link alone (a mail scanner) changes nothing.
    expect((await t.admin.get(`/tickets/${ticket.id}`)).status).toBe("resolved");

    const done = await open(links.accept, "POST");
    expect(done.status).toBe(200);
    expect(done.headers.get("Set-Cookie")).toBeNull();
    expect((await t.admin.get(`/tickets/${ticket.id}`)).status).toBe("closed");
    const accepted = (await notificationsOf(t.tenant.id, ticket.id, 3)).filter((m) => m.subject.startsWith("Solution accepted"));
    expect(accepted.map((m) => m.to[0]!.address)).toEqual([ann.user.emails[0]]);

    expect((await open(links.accept, "POST")).status).toBe(409);
  });

  it("reopen the ticket when the customer rejects the resolution, and the agents' dashboards hear of it", async () => {
    const { t, ticket, links, ann } = await resolvedMailLinks();
    const dashboard = await openLive(ann.client, "/live");
    expect((await open(links.reject, "POST")).status).toBe(200);
    await dashboard.next((m) => m.t === "ticket" && m.ticketId === ticket.id && m.change === "updated");
    dashboard.close();
    expect((await t.admin.get(`/tickets/${ticket.id}`)).status).toBe("open");
    // The accept link of the same mail no longer fits: the ticket is not waiting for an answer.
    expect((await open(links.accept, "POST")).status).toBe(409);
  });

  it("tell the last assignee when the customer rejects the resolution of a ticket nobody holds any more", async () => {
    const { t, ticket, links, ben } = await resolvedMailLinks();
    await t.admin.patch(`/tickets/${ticket.id}`, { assigneeId: ben.user.id });
    await t.admin.patch(`/tickets/${ticket.id}`, { tags: ["hardware"] });
    await t.admin.patch(`/tickets/${ticket.id}`, { assigneeId: null });
    expect((await open(links.reject, "POST")).status).toBe(200);
    const rejected = (await notificationsOf(t.tenant.id, ticket.id, 3)).filter((m) => m.subject.startsWith("Not solved yet"));
    expect(rejected.map((m) => m.to[0]!.address)).toEqual([ben.user.emails[0]]);
  });

  it("record the customer's rating, each link once", async () => {
    const { t, ticket, links } = await resolvedMailLinks();
    expect((await open(links.okay, "POST")).status).toBe(200);
    expect(await t.admin.get(`/tickets/${ticket.id}/rating`)).toMatchObject({ rating: "okay" });
    expect((await open(links.okay, "POST")).status).toBe(409);
    expect((await open(links.good, "POST")).status).toBe(200);
    expect(await t.admin.get(`/tickets/${ticket.id}/rating`)).toMatchObject({ rating: "good" });
  });

  it("refuse tampered, expired and other people's links", async () => {
    const { t, ticket, links, customer } = await resolvedMailLinks();
    const token = links.accept.split("/").at(-1)!;
    const [payload, signature] = token.split(".");
    const tampered = links.accept.replace(token, `${payload}x.${signature}`);
    expect((await open(tampered, "POST")).status).toBe(404);

    const old = await signActionLink(env.SECRET_KEY, { tenantId: t.tenant.id, ticketId: ticket.id, userId: customer.id, action: "accept" }, Date.now() - LINK_LIFETIME_MS - 1000);
    expect((await open(`http://127.0.0.1:8787/api/v1/ticket-actions/${old}`, "POST")).status).toBe(410);

    // A genuine link for someone who is not the ticket's customer is worthless.
    const stranger = await signActionLink(env.SECRET_KEY, { tenantId: t.tenant.id, ticketId: ticket.id, userId: customer.id + 1000, action: "accept" });
    expect((await open(`http://127.0.0.1:8787/api/v1/ticket-actions/${stranger}`, "POST")).status).toBe(404);
    expect((await t.admin.get(`/tickets/${ticket.id}`)).status).toBe("resolved");
  });
});
