import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { suppressedAddresses, tickets } from "../../worker/db/schema";
import { withinLoopLimits } from "../../worker/notify/loop-limits";
import { notifyTicket } from "../../worker/notify/notify";
import { queueMails, type OutboundMailDraft } from "../../worker/outbound/outbox";
import { customerClient } from "../helpers/api";
import { notificationDraft, poll, sentViaSmtp } from "../outbound/helpers";
import { notificationsOf, recipientsOf, staff, staffedTenant } from "./helpers";

const emailOf = (s: { user: { emails: string[] } }) => s.user.emails[0]!;

describe("who hears about a new ticket", () => {
  it("tells the category's agents of an unassigned ticket, but never its creator", async () => {
    const { t, category, ann, ben } = await staffedTenant("created");
    const ticket = await ann.client.post("/tickets", { subject: "Printer on fire", text: "Smoke!", categoryId: category.id });
    const mails = await notificationsOf(t.tenant.id, ticket.id, 1);
    expect(recipientsOf(mails)).toEqual([emailOf(ben)]);
    expect(mails[0]!.subject).toBe(`New ticket: Printer on fire [#${ticket.number}]`);
    expect(mails[0]!.html).toContain("Smoke!");
  });

  it("tells only the assignee when there is one", async () => {
    const { t, category, cid } = await staffedTenant("assigned");
    const ticket = await t.admin.post("/tickets", { subject: "VPN down", text: "No access", categoryId: category.id, assigneeId: cid.user.id });
    expect(recipientsOf(await notificationsOf(t.tenant.id, ticket.id, 1))).toEqual([emailOf(cid)]);
  });

  it("tells every agent when the ticket has no category agents, and admins when the tenant asks for it", async () => {
    const { t, ann, ben, cid, adminEmail } = await staffedTenant("allagents");
    await t.admin.json("PATCH", "/notification-settings", { notifyAdminsOfNewTickets: true });
    const ticket = await cid.client.post("/tickets", { subject: "Coffee machine", text: "Empty" });
    const mails = await notificationsOf(t.tenant.id, ticket.id, 3);
    expect(recipientsOf(mails)).toEqual([adminEmail, emailOf(ann), emailOf(ben)].sort());
  });
});

describe("who hears about messages and changes", () => {
  it("tells the assignee of a reply and of an internal note, unless they wrote it", async () => {
    const { t, ann, ben, customer } = await staffedTenant("reply");
    const ticket = await t.admin.post("/tickets", { subject: "Screen flickers", text: "Help", customerId: customer.id, assigneeId: ann.user.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);

    await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "Checked the cable", internal: true });
    await ann.client.post(`/tickets/${ticket.id}/articles`, { text: "Replacing the screen" });
    const mails = await notificationsOf(t.tenant.id, ticket.id, 2);
    const note = mails.filter((m) => m.subject.startsWith("Internal note"));
    expect(recipientsOf(note)).toEqual([emailOf(ann)]);
    expect(note[0]!.text).toContain("Ben added an internal note:");
    expect(note[0]!.text).toContain("Checked the cable");
    // Ann's own reply notifies nobody on staff; the customer gets the reply itself, not a notice.
    expect(mails.filter((m) => m.subject.startsWith("New reply"))).toEqual([]);
    expect(mails.every((m) => !m.to.some((a) => a.address === customer.emails[0]))).toBe(true);
  });

  it("tells a customer's new message to the assignee", async () => {
    const { t, ann, customer } = await staffedTenant("custmsg");
    const ticket = await t.admin.post("/tickets", { subject: "Lost password", text: "x", customerId: customer.id, assigneeId: ann.user.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);
    const dora = await customerClient(t.tenant.id, customer.id);
    await dora.post(`/tickets/${ticket.id}/articles`, { text: "Any news?" });
    const replies = (await notificationsOf(t.tenant.id, ticket.id, 2)).filter((m) => m.subject.startsWith("New reply"));
    expect(recipientsOf(replies)).toEqual([emailOf(ann)]);
    expect(replies[0]!.text).toContain("Dora Díaz wrote:");
  });

  it("tells the new assignee, except when they took the ticket themselves — then the category hears of it if asked", async () => {
    const { t, category, ann, ben, cid } = await staffedTenant("assign");
    await t.admin.json("PATCH", "/notification-settings", { warnCategoryAgentsOnTake: true });
    const ticket = await cid.client.post("/tickets", { subject: "Keyboard sticky", text: "Coffee", categoryId: category.id });
    const before = (await notificationsOf(t.tenant.id, ticket.id, 2)).length;

    await t.admin.patch(`/tickets/${ticket.id}`, { assigneeId: ann.user.id });
    let mails = (await notificationsOf(t.tenant.id, ticket.id, before + 1)).slice(before);
    expect(recipientsOf(mails)).toEqual([emailOf(ann)]);
    expect(mails[0]!.subject).toBe(`Assigned to you: Keyboard sticky [#${ticket.number}]`);

    await ben.client.patch(`/tickets/${ticket.id}`, { assigneeId: ben.user.id });
    mails = (await notificationsOf(t.tenant.id, ticket.id, before + 2)).slice(before + 1);
    expect(mails.map((m) => m.subject)).toEqual([`Taken by Ben: Keyboard sticky [#${ticket.number}]`]);
    expect(recipientsOf(mails)).toEqual([emailOf(ann)]);
  });

  it("tells only who holds the ticket when a quicker change overtook the first", async () => {
    const { t, ann, ben, cid, customer } = await staffedTenant("reassign");
    const ticket = await t.admin.post("/tickets", { subject: "Screen flickers", text: "x", customerId: customer.id, assigneeId: ann.user.id });
    const before = (await notificationsOf(t.tenant.id, ticket.id, 1)).length;

    // Ann hands the ticket to Ben and at once to Cid, and both notices are worked out afterwards
    // (the queue gathers jobs for up to a second): the jobs run here, in order, on the final ticket.
    await createDb(env.DB).update(tickets).set({ assigneeId: cid.user.id }).where(eq(tickets.id, ticket.id));
    const held = (assigneeId: number) => ({ assigneeId, categoryId: null, status: ticket.status });
    const handOver = (from: number, to: number) =>
      notifyTicket(env, t.tenant.id, { type: "updated", ticketId: ticket.id, actorId: ann.user.id, before: held(from), after: held(to) });
    expect([await handOver(ann.user.id, ben.user.id), await handOver(ben.user.id, cid.user.id)]).toEqual([0, 1]);
    const mails = (await notificationsOf(t.tenant.id, ticket.id, before + 1)).slice(before);
    expect(mails.map((m) => `${m.subject} → ${m.to[0]!.address}`)).toEqual([`Assigned to you: Screen flickers [#${ticket.number}] → ${emailOf(cid)}`]);
  });

  it("sends the customer the resolved mail with signed accept, reject and rating links", async () => {
    const { t, ann, customer } = await staffedTenant("resolved");
    const ticket = await t.admin.post("/tickets", { subject: "Mouse broken", text: "Clicks twice", customerId: customer.id, assigneeId: ann.user.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);
    await ann.client.patch(`/tickets/${ticket.id}`, { status: "resolved" });
    const resolved = (await notificationsOf(t.tenant.id, ticket.id, 2)).filter((m) => m.subject.startsWith("Resolved"));
    expect(recipientsOf(resolved)).toEqual([customer.emails[0]]);
    const links = [...resolved[0]!.html!.matchAll(/href="([^"]*ticket-actions[^"]*)"/g)].map((m) => m[1]);
    expect(links).toHaveLength(5);
    expect(resolved[0]!.html).toContain("Hello Dora,");
  });
});

describe("escalation", () => {
  it("goes to the category's agents when the assignee is deactivated", async () => {
    const { t, category, ann, ben, cid } = await staffedTenant("deact");
    await t.admin.patch(`/users/${cid.user.id}`, { active: false });
    const ticket = await ann.client.post("/tickets", { subject: "Disk full", text: "/var", categoryId: category.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);
    // Assigned to the deactivated agent directly in the data (the API refuses inactive assignees).
    await createDb(env.DB).update(tickets).set({ assigneeId: cid.user.id }).where(eq(tickets.id, ticket.id));
    const queued = await notifyTicket(env, t.tenant.id, { type: "updated", ticketId: ticket.id, actorId: ann.user.id, before: { assigneeId: null, categoryId: category.id, status: "new" }, after: { assigneeId: cid.user.id, categoryId: category.id, status: "new" } });
    expect(queued).toBe(1);
    const mails = (await notificationsOf(t.tenant.id, ticket.id, 2)).filter((m) => m.subject.startsWith("Assigned"));
    // Ann made the change, so of the category only Ben is left.
    expect(recipientsOf(mails)).toEqual([emailOf(ben)]);
  });

  it("skips to all agents, then admins, when nobody closer can be mailed", async () => {
    const { t, category, ann, ben, cid, adminEmail } = await staffedTenant("chain");
    const db = createDb(env.DB);
    // Ann's address failed permanently before; Ben is deactivated: the category has nobody.
    await db.insert(suppressedAddresses).values({ tenantId: t.tenant.id, address: emailOf(ann), reason: "550 5.1.1", createdAt: Date.now() });
    await t.admin.patch(`/users/${ben.user.id}`, { active: false });
    const first = await t.admin.post("/tickets", { subject: "Server room hot", text: "35°C", categoryId: category.id, assigneeId: ann.user.id });
    expect(recipientsOf(await notificationsOf(t.tenant.id, first.id, 1))).toEqual([emailOf(cid)]);

    // Now no agent at all can be mailed: the admins are last in line.
    await db.insert(suppressedAddresses).values({ tenantId: t.tenant.id, address: emailOf(cid), reason: "550 5.1.1", createdAt: Date.now() });
    const second = await cid.client.post("/tickets", { subject: "Still hot", text: "36°C", categoryId: category.id, assigneeId: ann.user.id });
    expect(recipientsOf(await notificationsOf(t.tenant.id, second.id, 1))).toEqual([adminEmail]);
  });
});

describe("escalation after a failed delivery", () => {
  it("sends the notice to the category's agents when the assignee's server refuses it", async () => {
    const { t, category, ann, ben } = await staffedTenant("bounced");
    await t.admin.json("PUT", "/settings/smtp", { host: "127.0.0.1", port: inject("smtpPort"), security: "none", username: "relay-user", password: "relay-pass" });
    // The SMTP sink refuses every address starting with "reject" with 550 5.1.1.
    const zed = await staff(t, "Reject-Zed", "agent", { categoryIds: [category.id] });
    const ticket = await t.admin.post("/tickets", { subject: "Nobody home", text: "x", categoryId: category.id, assigneeId: zed.user.id });

    const [toAnn] = await sentViaSmtp(emailOf(ann));
    expect(toAnn!.parsed.subject).toBe(`New ticket: Nobody home [#${ticket.number}]`);
    expect((await sentViaSmtp(emailOf(ben)))[0]!.parsed.subject).toBe(`New ticket: Nobody home [#${ticket.number}]`);
    const { data } = await t.admin.get("/outbound-mails?status=failed");
    expect(data.map((m: { recipients: { recipient: string }[] }) => m.recipients[0]!.recipient)).toEqual([emailOf(zed)]);
  });

  it("sends no copies beyond the ticket's loop limit", async () => {
    const { t, category } = await staffedTenant("bounced-limit");
    await t.admin.json("PUT", "/settings/smtp", { host: "127.0.0.1", port: inject("smtpPort"), security: "none", username: "relay-user", password: "relay-pass" });
    await t.admin.json("PATCH", "/notification-settings", { maxAutomaticMailsPerTicket: 1 });
    const zed = await staff(t, "Reject-Zed", "agent", { categoryIds: [category.id] });
    const ticket = await t.admin.post("/tickets", { subject: "Nobody home", text: "x", categoryId: category.id, assigneeId: zed.user.id });

    await poll("failed notices", async () => (await t.admin.get("/outbound-mails?status=failed")).data, 1, 8000);
    // The notice to Zed was the ticket's one automatic mail: the category's agents get no copy.
    expect(recipientsOf(await notificationsOf(t.tenant.id, ticket.id))).toEqual([emailOf(zed)]);
  });
});

describe("loop limits on automatic mail", () => {
  it("sends at most 5 automatic mails to one recipient and 10 per ticket within ten minutes", async () => {
    const { t, ann, customer } = await staffedTenant("loop");
    const ticket = await t.admin.post("/tickets", { subject: "Auto loop", text: "x", customerId: customer.id, assigneeId: ann.user.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);
    const dora = await customerClient(t.tenant.id, customer.id);
    for (let i = 0; i < 7; i++) await dora.post(`/tickets/${ticket.id}/articles`, { text: `Message ${i}` });
    const toAnn = recipientsOf(await notificationsOf(t.tenant.id, ticket.id, 5)).filter((a) => a === emailOf(ann));
    expect(toAnn).toHaveLength(5);

    await t.admin.json("PATCH", "/notification-settings", { maxAutomaticMailsPerRecipient: 100 });
    for (let i = 0; i < 8; i++) await notifyTicket(env, t.tenant.id, { type: "created", ticketId: ticket.id, actorId: null, cameByEmail: false, mayAutoAnswer: true });
    expect(await notificationsOf(t.tenant.id, ticket.id, 10)).toHaveLength(10);
  });

  it("holds when notices are worked out at the same moment: each write counts what the other wrote", async () => {
    const { t, ann, ben, cid, customer } = await staffedTenant("loop-race");
    const ticket = await t.admin.post("/tickets", { subject: "Race", text: "x", customerId: customer.id });
    const db = createDb(env.DB);
    const row = { tenantId: t.tenant.id, id: ticket.id };
    const notice = (s: { user: { emails: string[] } }) => notificationDraft(t.tenant.id, ticket.id, emailOf(s));
    /** Two writes whose limits were both read before either wrote, as two consumer invocations on one ticket can: the mails they added. */
    const race = async (limits: { maxAutomaticMailsPerTicket: number; maxAutomaticMailsPerRecipient: number }, one: OutboundMailDraft[], other: OutboundMailDraft[]) => {
      const before = (await notificationsOf(t.tenant.id, ticket.id)).length;
      const checked = [await withinLoopLimits(db, row, one, limits), await withinLoopLimits(db, row, other, limits)];
      expect(checked.map((drafts) => drafts.length)).toEqual([one.length, other.length]);
      for (const drafts of checked) await queueMails(env, db, drafts);
      return recipientsOf((await notificationsOf(t.tenant.id, ticket.id)).slice(before));
    };
    const sent = (s: { user: { emails: string[] } }) => notificationsOf(t.tenant.id, ticket.id).then((mails) => recipientsOf(mails).filter((a) => a === emailOf(s)).length);

    // Per ticket: room for three more; the second write keeps only its first mail.
    const soFar = (await notificationsOf(t.tenant.id, ticket.id, 1)).length;
    expect(await race({ maxAutomaticMailsPerTicket: soFar + 3, maxAutomaticMailsPerRecipient: 100 }, [notice(ann), notice(ben)], [notice(ann), notice(ben), notice(ann)])).toEqual(
      [emailOf(ann), emailOf(ann), emailOf(ben)],
    );
    // Per recipient: room for one more mail to Cid, asked for by both.
    expect(await race({ maxAutomaticMailsPerTicket: 100, maxAutomaticMailsPerRecipient: (await sent(cid)) + 1 }, [notice(cid)], [notice(cid)])).toEqual([emailOf(cid)]);
  });
});
