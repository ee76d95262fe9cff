import { describe, expect, it } from "vitest";
import { customerClient } from "../helpers/api";
import { notificationsOf, recipientsOf, staffedTenant } from "./helpers";

const emailOf = (s: { user: { emails: string[] } }) => s.user.emails[0]!;

describe("the tenant's notification switches", () => {
  it("tell a category's agents when a ticket moves into it", async () => {
    const { t, category, ann, ben, cid } = await staffedTenant("moved");
    const ticket = await t.admin.post("/tickets", { subject: "Wrong queue", text: "x", assigneeId: cid.user.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);
    await ann.client.patch(`/tickets/${ticket.id}`, { categoryId: category.id });
    const moved = (await notificationsOf(t.tenant.id, ticket.id, 2)).filter((m) => m.subject.startsWith("Moved to Hardware"));
    // Ann moved it herself; Ben is the one who needs to know.
    expect(recipientsOf(moved)).toEqual([emailOf(ben)]);
  });

  it("tell all category agents of a customer's update only when asked to", async () => {
    const { t, category, ann, ben, customer } = await staffedTenant("custupd");
    const ticket = await t.admin.post("/tickets", { subject: "Status?", text: "x", customerId: customer.id, categoryId: category.id, assigneeId: ann.user.id });
    const dora = await customerClient(t.tenant.id, customer.id);
    await notificationsOf(t.tenant.id, ticket.id, 1);
    await dora.post(`/tickets/${ticket.id}/articles`, { text: "First nudge" });
    expect((await notificationsOf(t.tenant.id, ticket.id, 2)).filter((m) => m.subject.startsWith("Customer update"))).toEqual([]);

    await t.admin.json("PATCH", "/notification-settings", { notifyCategoryAgentsOnCustomerUpdate: true });
    await dora.post(`/tickets/${ticket.id}/articles`, { text: "Second nudge" });
    const updates = (await notificationsOf(t.tenant.id, ticket.id, 4)).filter((m) => m.subject.startsWith("Customer update"));
    expect(recipientsOf(updates)).toEqual([emailOf(ann), emailOf(ben)].sort());
  });

  it("keep a customer's messages from other subscribers unless the tenant allows it", async () => {
    const { t, ann, customer } = await staffedTenant("subsonly");
    const other = await t.admin.post("/users", { role: "customer", name: "Other Sub", emails: [`other-${t.tenant.slug}@customer.example`] });
    const ticket = await t.admin.post("/tickets", { subject: "Shared issue", text: "x", customerId: customer.id, assigneeId: ann.user.id });
    await t.admin.patch(`/tickets/${ticket.id}`, { subscriberIds: [other.id] });
    const dora = await customerClient(t.tenant.id, customer.id);
    await notificationsOf(t.tenant.id, ticket.id, 1);
    await dora.post(`/tickets/${ticket.id}/articles`, { text: "Private detail" });
    expect(recipientsOf(await notificationsOf(t.tenant.id, ticket.id, 2))).not.toContain(other.emails[0]);

    await t.admin.json("PATCH", "/notification-settings", { subscribersOnlyAgentUpdates: false });
    await dora.post(`/tickets/${ticket.id}/articles`, { text: "Shared detail" });
    const mails = await notificationsOf(t.tenant.id, ticket.id, 4);
    expect(recipientsOf(mails)).toContain(other.emails[0]);
  });

  it("attach a message's files to notifications, or only link them when switched off", async () => {
    const { t, ann, ben } = await staffedTenant("attach");
    const ticket = await t.admin.post("/tickets", { subject: "Logs", text: "x", assigneeId: ann.user.id });
    await notificationsOf(t.tenant.id, ticket.id, 1);
    const upload = async () => {
      const form = new FormData();
      form.append("file", new File(["log line"], "server.log", { type: "text/plain" }));
      return (await ben.client.post("/attachments", form)).id as number;
    };
    const first = await upload();
    await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "See log", internal: true, attachmentIds: [first] });
    let [note] = (await notificationsOf(t.tenant.id, ticket.id, 2)).filter((m) => m.subject.startsWith("Internal note"));
    expect(note!.attachmentIds).toEqual([first]);
    expect(note!.html).toContain(`/api/v1/attachments/${first}`);

    await t.admin.json("PATCH", "/notification-settings", { includeAttachments: false });
    const second = await upload();
    await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "Another log", internal: true, attachmentIds: [second] });
    [, note] = (await notificationsOf(t.tenant.id, ticket.id, 3)).filter((m) => m.subject.startsWith("Internal note"));
    expect(note!.attachmentIds).toEqual([]);
    expect(note!.html).toContain(`/api/v1/attachments/${second}`);
  });
});
