import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { MAX_HTML_CHARS, MAX_TEXT_CHARS } from "../../worker/tickets/article-content";
import { appendArticle } from "../../worker/tickets/articles";
import { signUp, type SignedUpTenant } from "../helpers/api";
import { notificationsOf } from "../notify/helpers";
import { deliveriesOf, sentViaBinding, ticketFromCustomerMail, uniqueAddress } from "../outbound/helpers";

// D1 binds at most 100 values to a statement and takes at most 2,000,000 bytes in a value; the
// local D1 takes far more, so the app's binding refuses more (worker/db/d1-limits.ts). These run
// every list and text the API allows at its longest, and the lists that grow with use (a
// ticket's messages, a mail's recipients) past 100.

/** `n` people of one role with an address each, written directly: hundreds through the API would take the test's time. */
async function seedPeople(t: SignedUpTenant, role: "agent" | "customer", prefix: string, n: number): Promise<{ id: number; email: string }[]> {
  const now = Date.now();
  const names = Array.from({ length: n }, (_, i) => `${prefix} ${String(i).padStart(3, "0")}`);
  await env.DB.prepare("insert into users (tenant_id, role, name, created_at, updated_at) select ?, ?, value, ?, ? from json_each(?)")
    .bind(t.tenant.id, role, now, now, JSON.stringify(names))
    .run();
  const { results } = await env.DB.prepare("select id from users where tenant_id = ? and name like ? order by id").bind(t.tenant.id, `${prefix} %`).all<{ id: number }>();
  const people = results.map(({ id }) => ({ id, email: `${prefix.toLowerCase()}-${id}-${t.tenant.slug}@customer.example` }));
  await env.DB.prepare("insert into user_emails (tenant_id, user_id, email, is_primary) select ?, value ->> 'id', value ->> 'email', 1 from json_each(?)")
    .bind(t.tenant.id, JSON.stringify(people))
    .run();
  return people;
}

describe("lists longer than D1 binds in one statement", () => {
  it("an admin pages 200 users, gives a category 500 agents and an agent 200 categories", async () => {
    const t = await signUp("long-lists");
    const agents = await seedPeople(t, "agent", "Agent", 500);

    const page = await t.admin.get("/users?limit=200");
    expect(page.data).toHaveLength(200);
    const category = await t.admin.post("/categories", { names: { en: "Everyone" }, agentIds: agents.map((a) => a.id) });
    expect(category.agentIds).toHaveLength(500);

    const { results } = await env.DB.prepare("insert into categories (tenant_id, names, created_at) select ?, json_object('en', 'Topic ' || value), ? from json_each(?) returning id")
      .bind(t.tenant.id, Date.now(), JSON.stringify(Array.from({ length: 199 }, (_, i) => i)))
      .all<{ id: number }>();
    const categoryIds = [category.id, ...results.map((r) => r.id)];
    const agent = await t.admin.patch(`/users/${agents[0]!.id}`, { categoryIds });
    expect(agent.categoryIds.sort((a: number, b: number) => a - b)).toEqual(categoryIds.sort((a, b) => a - b));
    expect((await t.admin.get("/categories")).data.length).toBeGreaterThanOrEqual(200);
  });

  it("a ticket takes 100 subscribers, and a reply with all of them in CC reaches them", async () => {
    const t = await signUp("long-cc");
    await t.admin.patch("/notification-settings", { oneMailPerSubscriber: false });
    const colleagues = await seedPeople(t, "customer", "Colleague", 100);
    const email = uniqueAddress("lead");
    const customer = await t.admin.post("/users", { role: "customer", name: "Lead", emails: [email] });
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Office move", messageId: `<move-${email}>` });

    await t.admin.patch(`/tickets/${ticketId}`, { subscriberIds: colleagues.map((c) => c.id) });
    const reply = await t.admin.post(`/tickets/${ticketId}/articles`, { text: "The movers come on Monday." });

    expect(reply.deliveries).toHaveLength(101);
    const settled = await deliveriesOf(t, ticketId, reply.id, (d) => d.every((x) => x.status === "sent"), 15_000);
    expect(settled).toHaveLength(101);
    const [mail] = await sentViaBinding(email);
    expect(mail!.parsed.cc?.map((a) => a.address).sort()).toEqual(colleagues.map((c) => c.email).sort());
  });

  it("a notice on a ticket with 150 messages goes to the 100 extra agents its rule names", async () => {
    const t = await signUp("long-ticket");
    const agents = await seedPeople(t, "agent", "Watcher", 100);
    await t.admin.patch("/notification-settings", { maxAutomaticMailsPerTicket: 100 });
    await t.admin.json("PUT", "/notification-rules/internal_note", { active: true, recipients: [], extraAgentIds: agents.map((a) => a.id) });
    const email = uniqueAddress("long");
    const customer = await t.admin.post("/users", { role: "customer", name: "Long", emails: [email] });
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "A long story", messageId: `<story-${email}>` });
    const db = createDb(env.DB);
    for (let i = 0; i < 150; i++) {
      await appendArticle(db, { tenantId: t.tenant.id, ticketId, article: { channel: "email", direction: i % 2 ? "out" : "in", internal: false, text: `Part ${i}` } });
    }

    await t.admin.post(`/tickets/${ticketId}/articles`, { text: "Everyone, read this.", internal: true });

    const notices = await notificationsOf(t.tenant.id, ticketId, 100, 15_000);
    expect(notices.flatMap((n) => n.to.map((a) => a.address)).sort()).toEqual(agents.map((a) => a.email).sort());
  });
});

describe("messages at the longest the API takes", () => {
  it("a reply of 300,000 characters of text and of HTML goes to the customer and three subscribers, one mail each; longer gets a 400", async () => {
    const t = await signUp("long-text");
    const subscribers = await seedPeople(t, "customer", "Reader", 3);
    const email = uniqueAddress("verbose");
    const customer = await t.admin.post("/users", { role: "customer", name: "Verbose", emails: [email] });
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Everything", messageId: `<all-${email}>` });
    await t.admin.patch(`/tickets/${ticketId}`, { subscriberIds: subscribers.map((s) => s.id) });
    // Three bytes a character in UTF-8: the message is as large as a row allows, and its four mails are four times that.
    const text = "€".repeat(MAX_TEXT_CHARS);
    const html = `<p>${"€".repeat(MAX_HTML_CHARS - 7)}</p>`;

    const reply = await t.admin.post(`/tickets/${ticketId}/articles`, { text, html });

    expect(reply.deliveries).toHaveLength(4);
    const { results } = await env.DB.prepare("select length(body_text) as text, length(body_html) as html from outbound_mails where article_id = ?").bind(reply.id).all();
    expect(results).toEqual(Array.from({ length: 4 }, () => ({ text: MAX_TEXT_CHARS, html: MAX_HTML_CHARS })));
    const tooLong = await t.admin.request("POST", `/tickets/${ticketId}/articles`, { text: `${text}€` });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json<any>()).error.issues[0].path).toBe("text");
  });
});
