import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { articles, auditEvents, outboundMails } from "../../worker/db/schema";
import { customerClient } from "../helpers/api";
import { notificationsOf, recipientsOf, staffedTenant } from "../notify/helpers";

const db = () => createDb(env.DB);

/** An email ticket of the customer's, assigned to Ann, with Ben's public reply (mailed to the customer). */
async function repliedTicket(prefix: string) {
  const staffed = await staffedTenant(prefix);
  const { t, ann, ben, customer } = staffed;
  const ticket = await t.admin.post("/tickets", { subject: "Router blinks", text: "Orange light", customerId: customer.id, assigneeId: ann.user.id, channel: "email" });
  const reply = await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "Please restart it" });
  await notificationsOf(t.tenant.id, ticket.id, 2);
  return { ...staffed, ticket, reply };
}

const replyMails = (tenantId: number, ticketId: number) =>
  db()
    .select()
    .from(outboundMails)
    .where(and(eq(outboundMails.tenantId, tenantId), eq(outboundMails.ticketId, ticketId), eq(outboundMails.kind, "reply")));

describe("editing a message", () => {
  it("lets an agent correct their own reply, sanitises it, keeps the old text in the audit log and mails nobody again", async () => {
    const { t, ben, ticket, reply } = await repliedTicket("editown");
    const mailsBefore = await replyMails(t.tenant.id, ticket.id);
    expect(mailsBefore).toHaveLength(1);

    const edited = await ben.client.patch(`/tickets/${ticket.id}/articles/${reply.id}`, { html: `<p onclick="x()">Please <b>unplug</b> it</p><script>alert(1)</script>` });
    expect(edited).toMatchObject({ id: reply.id, html: "<p>Please <b>unplug</b> it</p>", text: "Please unplug it" });
    expect((await t.admin.get(`/tickets/${ticket.id}`)).articles.find((a: { id: number }) => a.id === reply.id).text).toBe("Please unplug it");

    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.tenant.id), eq(auditEvents.entity, "article"), eq(auditEvents.entityId, reply.id)));
    expect(audit).toMatchObject({ actorId: ben.user.id, action: "edited" });
    expect(audit!.changes).toMatchObject({ ticketId: ticket.id, text: { from: "Please restart it", to: "Please unplug it" } });

    const mailsAfter = await replyMails(t.tenant.id, ticket.id);
    expect(mailsAfter).toEqual(mailsBefore);
    // Search finds the new words, not the old ones.
    expect((await t.admin.get("/tickets?q=unplug")).data.map((x: { id: number }) => x.id)).toEqual([ticket.id]);
    expect((await t.admin.get("/tickets?q=restart")).data).toEqual([]);
  });

  it("tells the assignee when the last public reply was edited, once the admin switches the rule on", async () => {
    const { t, ann, ben, ticket, reply } = await repliedTicket("editnotify");
    const before = (await notificationsOf(t.tenant.id, ticket.id)).length;
    // Off by default: nothing. Notifications are worked out in order from the queue, so once
    // the note that follows the edit has its notice, the edit's turn has passed.
    await ben.client.patch(`/tickets/${ticket.id}/articles/${reply.id}`, { text: "Please restart it twice" });
    await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "Edited my answer", internal: true });
    const afterOff = await notificationsOf(t.tenant.id, ticket.id, before + 1);
    expect(afterOff.slice(before).map((m) => m.subject)).toEqual([expect.stringMatching(/^Internal note/)]);

    await t.admin.json("PUT", "/notification-rules/reply_edited", { active: true, recipients: ["assignee"] });
    await ben.client.patch(`/tickets/${ticket.id}/articles/${reply.id}`, { text: "Please restart it three times" });
    const edits = (await notificationsOf(t.tenant.id, ticket.id, before + 2)).filter((m) => m.subject.startsWith("Reply edited"));
    expect(recipientsOf(edits)).toEqual([ann.user.emails[0]]);
    expect(edits[0]!.subject).toBe(`Reply edited: Router blinks [#${ticket.number}]`);
    expect(edits[0]!.text).toContain("Ben edited the last reply:");
    expect(edits[0]!.text).toContain("Please restart it three times");
  });

  it("sends the edit notice without the message's files, which went out with the message", async () => {
    const { t, ann, ben } = await staffedTenant("editfiles");
    const ticket = await t.admin.post("/tickets", { subject: "Logs", text: "x", assigneeId: ann.user.id });
    await t.admin.json("PUT", "/notification-rules/reply_edited", { active: true, recipients: ["assignee"] });
    const form = new FormData();
    form.append("file", new File(["log line"], "server.log", { type: "text/plain" }));
    const file = (await ben.client.post("/attachments", form)).id as number;
    const reply = await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "See the log", attachmentIds: [file] });
    const [replyNotice] = (await notificationsOf(t.tenant.id, ticket.id, 2)).filter((m) => m.subject.startsWith("New reply"));
    expect(replyNotice!.attachmentIds).toEqual([file]);

    await ben.client.patch(`/tickets/${ticket.id}/articles/${reply.id}`, { text: "See the attached log" });
    const [edit] = (await notificationsOf(t.tenant.id, ticket.id, 3)).filter((m) => m.subject.startsWith("Reply edited"));
    expect(edit!.attachmentIds).toEqual([]);
    expect(edit!.text).toContain("See the attached log");
  });

  it("does not notify for an edited internal note or an older reply", async () => {
    const { t, ben, ticket, reply } = await repliedTicket("editolder");
    await t.admin.json("PUT", "/notification-rules/reply_edited", { active: true, recipients: ["assignee"] });
    const note = await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "Customer sounds upset", internal: true });
    await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "Any news?" });
    const before = (await notificationsOf(t.tenant.id, ticket.id, 4)).length;

    const editedNote = await ben.client.patch(`/tickets/${ticket.id}/articles/${note.id}`, { text: "Customer sounds calm" });
    expect(editedNote).toMatchObject({ internal: true, text: "Customer sounds calm" });
    await ben.client.patch(`/tickets/${ticket.id}/articles/${reply.id}`, { text: "Please restart it (edited)" });
    // A later note's notice shows the edits' turns have passed.
    await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "Waiting for the customer", internal: true });
    const after = await notificationsOf(t.tenant.id, ticket.id, before + 1);
    expect(after.slice(before).map((m) => m.subject)).toEqual([expect.stringMatching(/^Internal note/)]);
  });

  it("allows agents only their own messages, admins any, customers none, and nobody an auto-reply", async () => {
    const { t, ann, customer, ticket, reply } = await repliedTicket("editrights");
    const first = (await t.admin.get(`/tickets/${ticket.id}`)).articles[0];

    const other = await ann.client.request("PATCH", `/tickets/${ticket.id}/articles/${reply.id}`, { text: "Ann's version" });
    expect(other.status).toBe(403);
    expect(await other.json()).toEqual({ error: { code: "forbidden", message: "Agents can only edit their own messages" } });
    const dora = await customerClient(t.tenant.id, customer.id);
    const byCustomer = await dora.request("PATCH", `/tickets/${ticket.id}/articles/${first.id}`, { text: "I meant green" });
    expect(byCustomer.status).toBe(403);
    expect((await t.admin.patch(`/tickets/${ticket.id}/articles/${reply.id}`, { text: "Admin's fix" })).text).toBe("Admin's fix");

    const [autoReply] = await db()
      .insert(articles)
      .values({ tenantId: t.tenant.id, ticketId: ticket.id, channel: "email", direction: "in", internal: false, text: "I am on holiday", kind: "auto_reply", createdAt: Date.now() })
      .returning();
    const refused = await t.admin.request("PATCH", `/tickets/${ticket.id}/articles/${autoReply!.id}`, { text: "Rewritten" });
    expect(refused.status).toBe(403);
    expect((await refused.json<any>()).error.message).toBe("Auto-replies and bounces are kept as received");
    expect((await db().query.articles.findFirst({ where: eq(articles.id, autoReply!.id) }))!.text).toBe("I am on holiday");
  });

  it("refuses empty or unknown input in the one error envelope, and answers 404 for an article of another ticket", async () => {
    const { t, ben, ticket, reply } = await repliedTicket("editbad");
    const empty = await ben.client.request("PATCH", `/tickets/${ticket.id}/articles/${reply.id}`, { text: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: { code: "validation_failed", message: "Invalid input", issues: [{ path: "text", message: "A message needs text or html" }] } });
    const extra = await ben.client.request("PATCH", `/tickets/${ticket.id}/articles/${reply.id}`, { text: "x", internal: false });
    expect(extra.status).toBe(400);
    expect((await extra.json<any>()).error.code).toBe("validation_failed");

    const elsewhere = await t.admin.post("/tickets", { subject: "Other", text: "x" });
    const wrongTicket = await ben.client.request("PATCH", `/tickets/${elsewhere.id}/articles/${reply.id}`, { text: "moved?" });
    expect(wrongTicket.status).toBe(404);
    expect(await wrongTicket.json()).toEqual({ error: { code: "not_found", message: "Article not found" } });
  });
});
