import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { checkTemplate, renderTemplate, type Placeholder } from "../../worker/notify/template";
import { appendArticle } from "../../worker/tickets/articles";
import { notificationsOf, staffedTenant } from "./helpers";

const named = (p: Placeholder) => (p.kind === "simple" ? `[${p.name}]` : p.kind === "recent" ? `[recent ${p.count}]` : p.kind === "rating" ? `[rating ${p.prompt}]` : `[cf ${p.id} ${p.valueOnly}]`);

describe("the template language", () => {
  it("finds placeholders whatever their case, including the parameterised ones", () => {
    const out = renderTemplate("#subject# #SUBJECT# #3Recent_messages# #CF_12# #cf_value_12# #RatingLinks(Happy?)# ticket #42 and #fff;", named);
    expect(out).toBe("[Subject] [Subject] [recent 3] [cf 12 false] [cf 12 true] [rating Happy?] ticket #42 and #fff;");
  });

  it("reports unknown placeholders instead of blanking them", () => {
    expect(checkTemplate("Hi #FirstName#, see #Sbject# and #Foo_Bar#")).toEqual([
      { placeholder: "#Sbject#", message: "Unknown placeholder #Sbject#" },
      { placeholder: "#Foo_Bar#", message: "Unknown placeholder #Foo_Bar#" },
    ]);
    expect(renderTemplate("#Sbject#", named)).toBe("#Sbject#");
  });
});

describe("editing templates", () => {
  it("refuses unknown placeholders with a 400 that lists them", async () => {
    const { t } = await staffedTenant("tplbad");
    const res = await t.admin.request("PUT", "/notification-templates/en/ticket_created", { subject: "New: #Subjekt#", body: "<p>#Bdy#</p>" });
    expect(res.status).toBe(400);
    expect((await res.json<any>()).error.issues).toEqual([
      { path: "subject", message: "Unknown placeholder #Subjekt#" },
      { path: "body", message: "Unknown placeholder #Bdy#" },
    ]);
  });

  it("sanitises the HTML, lists the defaults per locale, and resets to the built-in one", async () => {
    const { t } = await staffedTenant("tpledit");
    const saved = await t.admin.json("PUT", "/notification-templates/de/ticket_created", { subject: "Neu: #Subject#", body: `<p onclick="x()">#Body#</p><script>alert(1)</script>` });
    expect(saved.body).toBe("<p>#Body#</p>");
    const { data } = await t.admin.get("/notification-templates/de");
    expect(data.find((d: { event: string }) => d.event === "ticket_created")).toMatchObject({ subject: "Neu: #Subject#", customized: true });
    expect(data.find((d: { event: string }) => d.event === "public_reply")).toMatchObject({ subject: "Neue Antwort: #Subject#", customized: false });
    await t.admin.json("DELETE", "/notification-templates/de/ticket_created", undefined, [204]);
    const reset = (await t.admin.get("/notification-templates/de")).data.find((d: { event: string }) => d.event === "ticket_created");
    expect(reset).toMatchObject({ subject: "Neues Ticket: #Subject#", customized: false });
  });
});

describe("rendered notifications", () => {
  it("fills every placeholder with HTML-escaped values, in the recipient's language", async () => {
    const { t, category, ann, customer } = await staffedTenant("tplrender");
    await t.admin.patch(`/users/${ann.user.id}`, { locale: "de" });
    await t.admin.patch(`/users/${customer.id}`, { company: "Acme & Söhne" });
    const body = [
      "Was: #What_Happened_Short#", "Kat: #Category#", "Betreff: #Subject#", "Von: #From# &lt;#FromEmail#&gt;", "Name: #FirstName# / #LastName#",
      "Prio: #Priority#", "Status: #Status#", "Text: #Body#", "Link: #URL#", "An: #Recipients#", "Firma: #Company#", "Nr: #TicketID#",
      "Tech: #Technician# #TechnicianEmail#", "Via: #Via#", "Zeit: #TimeSpent#", "Abos: #Subscribers#", "CF: [#CF_1#]", "Rating: [#RatingLinks#]",
    ].join("<br>");
    await t.admin.json("PUT", "/notification-templates/de/ticket_created", { subject: "Neu: #subject# <#TicketID#>", body });
    const ticket = await t.admin.post("/tickets", {
      subject: "<script>alert('x')</script> Drucker",
      text: "Er druckt <b>nicht</b> & piept",
      categoryId: category.id,
      customerId: customer.id,
      assigneeId: ann.user.id,
      priority: "high",
    });
    const [mail] = await notificationsOf(t.tenant.id, ticket.id, 1);
    expect(mail!.to).toEqual([{ name: "Ann", address: ann.user.emails[0] }]);
    expect(mail!.subject).toBe(`Neu: <script>alert('x')</script> Drucker <${ticket.number}> [#${ticket.number}]`);
    const html = mail!.html!;
    expect(html).not.toContain("<script>");
    expect(html).toContain("Betreff: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Drucker");
    expect(html).toContain("Text: Er druckt &lt;b&gt;nicht&lt;/b&gt; &amp; piept");
    expect(html).toContain("Kat: Hardware");
    expect(html).toContain(`Von: Dora Díaz &lt;${customer.emails[0]}&gt;`);
    expect(html).toContain("Name: Dora / Díaz");
    expect(html).toContain("Prio: high");
    expect(html).toContain(`Link: http://127.0.0.1:8787/tickets/${ticket.id}`);
    expect(html).toContain(`An: ${ann.user.emails[0]}`);
    expect(html).toContain("Firma: Acme &amp; Söhne");
    expect(html).toContain(`Nr: ${ticket.number}`);
    expect(html).toContain(`Tech: Ann ${ann.user.emails[0]}`);
    expect(html).toContain("Zeit: 0:00");
    // Rating links belong only in the resolved mail to the ticket's customer.
    expect(html).toContain("Rating: []");
    expect(mail!.text).toContain("Er druckt <b>nicht</b> & piept");
  });

  it("does not send a mail whose template body is empty", async () => {
    const { t, ann, ben } = await staffedTenant("tplempty");
    await t.admin.json("PUT", "/notification-templates/en/ticket_created", { subject: "New: #Subject#", body: "" });
    const ticket = await t.admin.post("/tickets", { subject: "Quiet", text: "x", assigneeId: ann.user.id });
    // Notifications are worked out in order from the queue: once the note's has come, the creation's had its turn.
    await ben.client.post(`/tickets/${ticket.id}/articles`, { text: "A note", internal: true });
    expect((await notificationsOf(t.tenant.id, ticket.id, 1)).map((m) => m.subject)).toEqual([expect.stringMatching(/^Internal note/)]);
  });
});

describe("the messages and files a notice quotes", () => {
  it("on a long ticket are its first message, the latest ones and the latest files, the internal ones for agents only", async () => {
    const { t, ann, customer } = await staffedTenant("tpllong");
    await t.admin.json("PUT", "/notification-templates/en/ticket_resolved", { subject: "Solved: #Subject#", body: "<p>First: #Body#</p>#3Recent_messages#<p>Files: #Recent_Attachments#</p>" });
    await t.admin.json("PUT", "/notification-templates/en/internal_note", { subject: "Note: #Subject#", body: "#2Recent_messages#<p>Files: #Recent_Attachments#</p>" });
    const ticket = await t.admin.post("/tickets", { subject: "Long", text: "It all began here.", customerId: customer.id, assigneeId: ann.user.id });
    // 60 public messages, then 55 internal notes, the first 12 with a file each: the customer's
    // latest messages and files are older than the ticket's latest 50 messages and 10 files.
    const db = createDb(env.DB);
    const file = (name: string) => [{ key: `test/${name}`, filename: name, contentType: "application/pdf", size: 1, contentId: null }];
    for (let i = 1; i <= 115; i++) {
      const internal = i > 60;
      const files = i === 5 ? file("early.pdf") : i === 59 ? file("late.pdf") : internal && i <= 72 ? file(`secret-${i}.pdf`) : [];
      const article = { channel: "email" as const, direction: i % 2 ? ("in" as const) : ("out" as const), internal, text: internal ? `Note ${i}` : `Message ${i}`, files };
      await appendArticle(db, { tenantId: t.tenant.id, ticketId: ticket.id, article });
    }

    await t.admin.post(`/tickets/${ticket.id}/articles`, { text: "Last note", internal: true });
    const [toAgent] = (await notificationsOf(t.tenant.id, ticket.id, 2)).filter((m) => m.subject.startsWith("Note:"));
    await t.admin.patch(`/tickets/${ticket.id}`, { status: "resolved" });
    const [toCustomer] = (await notificationsOf(t.tenant.id, ticket.id, 3)).filter((m) => m.subject.startsWith("Solved:"));

    const quoted = (html: string) => [...html.matchAll(/Last note|Note \d+|Message \d+/g)].map((m) => m[0]);
    const files = (html: string) => [...html.matchAll(/[\w-]+\.pdf/g)].map((m) => m[0]);
    expect(quoted(toAgent!.html!)).toEqual(["Last note", "Note 115"]);
    expect(files(toAgent!.html!)).toEqual(Array.from({ length: 10 }, (_, k) => `secret-${63 + k}.pdf`));
    expect(toCustomer!.html).toContain("First: It all began here.");
    expect(quoted(toCustomer!.html!)).toEqual(["Message 60", "Message 59", "Message 58"]);
    expect(files(toCustomer!.html!)).toEqual(["early.pdf", "late.pdf"]);
  });
});
