import { describe, expect, it } from "vitest";
import { addCustomer, addStaff, signUp } from "../helpers/api";

describe("tickets", () => {
  it("creating a ticket numbers it per tenant and records the first message", async () => {
    const t = await signUp("numbers");
    const customer = await addCustomer(t, "Jane");
    const first = await t.admin.post("/tickets", { subject: "Printer on fire", customerId: customer.id, text: "Help!", tags: ["hardware"] });
    const second = await t.admin.post("/tickets", { subject: "Second", customerEmail: "new.person@customer.example" });
    expect(first).toMatchObject({ number: 1, status: "new", priority: "normal", channel: "api", customerId: customer.id, tags: ["hardware"] });
    expect(first.articles).toHaveLength(1);
    expect(first.articles[0]).toMatchObject({ direction: "in", internal: false, text: "Help!" });
    expect(second.number).toBe(2);
    const created = await t.admin.get(`/users/${second.customerId}`);
    expect(created).toMatchObject({ role: "customer", emails: ["new.person@customer.example"] });

    const other = await signUp("numbers");
    expect((await other.admin.post("/tickets", { subject: "Other tenant" })).number).toBe(1);
  });

  it("replies and internal notes are appended in order and only the first public reply sets the first response time", async () => {
    const t = await signUp("replies");
    const ticket = await t.admin.post("/tickets", { subject: "Question", text: "How?" });
    await t.admin.post(`/tickets/${ticket.id}/articles`, { text: "Looking into it", internal: true });
    const noted = await t.admin.get(`/tickets/${ticket.id}`);
    expect(noted).toMatchObject({ status: "new", firstResponseAt: null });
    const reply = await t.admin.post(`/tickets/${ticket.id}/articles`, { text: "Like this.", html: "<p onclick=x()>Like <b>this</b>.<script>alert(1)</script></p>" });
    expect(reply).toMatchObject({ direction: "out", internal: false, text: "Like this." });
    expect(reply.html).toBe('<p>Like <b>this</b>.</p>');
    const answered = await t.admin.get(`/tickets/${ticket.id}`);
    expect(answered.status).toBe("open");
    expect(answered.firstResponseAt).not.toBeNull();
    await t.admin.patch(`/tickets/${ticket.id}`, { status: "pending" });
    await new Promise((r) => setTimeout(r, 5));
    await t.admin.post(`/tickets/${ticket.id}/articles`, { text: "And one more thing." });
    const detail = await t.admin.get(`/tickets/${ticket.id}`);
    expect(detail.articles.map((a: { text: string }) => a.text)).toEqual(["How?", "Looking into it", "Like this.", "And one more thing."]);
    // A later answer neither moves the first response time nor the status the agent set.
    expect(detail).toMatchObject({ status: "pending", firstResponseAt: answered.firstResponseAt, resolvedAt: null });
    expect(Date.parse(detail.updatedAt)).toBeGreaterThan(Date.parse(answered.updatedAt));
  });

  it("an html-only message gets a text version", async () => {
    const t = await signUp("htmltext");
    const ticket = await t.admin.post("/tickets", { subject: "Html", html: "<p>Hello&nbsp;<b>world</b></p><ul><li>one</li><li>two</li></ul><style>p{}</style>" });
    expect(ticket.articles[0].text).toBe("Hello world\n- one\n- two");
  });

  it("patching a ticket changes its properties and keeps an audit trail", async () => {
    const t = await signUp("patch");
    const { user: agent } = await addStaff(t, "Anna");
    const ticket = await t.admin.post("/tickets", { subject: "Patch me" });
    const patched = await t.admin.patch(`/tickets/${ticket.id}`, {
      status: "resolved",
      priority: "urgent",
      assigneeId: agent.id,
      tags: ["vip", "vip", "billing"],
      dueAt: "2026-12-01T10:00:00Z",
      subject: "Patched",
    });
    expect(patched).toMatchObject({ status: "resolved", priority: "urgent", assigneeId: agent.id, tags: ["billing", "vip"], dueAt: "2026-12-01T10:00:00.000Z", subject: "Patched" });
    expect(patched.resolvedAt).not.toBeNull();
    const { env } = await import("cloudflare:workers");
    const audit = await env.DB.prepare("select action, changes from audit_events where tenant_id = ? and entity_id = ? order by id").bind(t.tenant.id, ticket.id).all();
    expect(audit.results.map((r) => r.action)).toEqual(["created", "updated"]);
    expect(JSON.parse(audit.results[1]!.changes as string)).toMatchObject({ status: { from: "new", to: "resolved" }, priority: { from: "normal", to: "urgent" } });
  });

  it("assigning a customer or an unknown category is refused with the field named", async () => {
    const t = await signUp("badref");
    const customer = await addCustomer(t, "Carl");
    const ticket = await t.admin.post("/tickets", { subject: "Refs" });
    const res = await t.admin.request("PATCH", `/tickets/${ticket.id}`, { assigneeId: customer.id, categoryId: 999999 });
    expect(res.status).toBe(400);
    const body = await res.json<any>();
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["assigneeId", "categoryId"]);
  });

  it("lists filter by status, assignee, unassigned, customer, category and tag", async () => {
    const t = await signUp("filters");
    const { user: anna } = await addStaff(t, "Anna");
    const jane = await addCustomer(t, "Jane");
    const billing = await t.admin.post("/categories", { names: { en: "Billing" } });
    const a = await t.admin.post("/tickets", { subject: "A", assigneeId: anna.id, status: "open", tags: ["x"] });
    const b = await t.admin.post("/tickets", { subject: "B", customerId: jane.id, categoryId: billing.id });
    const c = await t.admin.post("/tickets", { subject: "C", status: "pending", tags: ["x", "y"] });
    const ids = async (query: string) => (await t.admin.get(`/tickets?${query}`)).data.map((x: { id: number }) => x.id).sort();
    expect(await ids("status=open")).toEqual([a.id]);
    expect(await ids("status=new,pending")).toEqual([b.id, c.id].sort());
    expect(await ids(`assigneeId=${anna.id}`)).toEqual([a.id]);
    expect(await ids("assigneeId=none")).toEqual([b.id, c.id].sort());
    expect(await ids(`customerId=${jane.id}`)).toEqual([b.id]);
    expect(await ids(`categoryId=${billing.id}`)).toEqual([b.id]);
    expect(await ids("tag=x")).toEqual([a.id, c.id].sort());
    expect(await ids("tag=y")).toEqual([c.id]);
  });

  it("full-text search finds words in subjects and in message texts, with diacritics folded", async () => {
    const t = await signUp("search");
    const inSubject = await t.admin.post("/tickets", { subject: "Invoice missing for March" });
    const inBody = await t.admin.post("/tickets", { subject: "Question", text: "Where is my invoice?" });
    await t.admin.post("/tickets", { subject: "Unrelated", text: "Nothing here" });
    const accent = await t.admin.post("/tickets", { subject: "Rückerstattung", text: "Café crème" });
    const other = await signUp("search");
    await other.admin.post("/tickets", { subject: "invoice of another tenant" });
    const ids = async (q: string) => (await t.admin.get(`/tickets?q=${encodeURIComponent(q)}`)).data.map((x: { id: number }) => x.id).sort();
    expect(await ids("invoice")).toEqual([inSubject.id, inBody.id].sort());
    expect(await ids("invoice march")).toEqual([inSubject.id]);
    expect(await ids("cafe")).toEqual([accent.id]);
    expect(await ids('"broken AND (query')).toEqual([]);
  });

  it("cursor pagination walks every ticket once in the chosen order", async () => {
    const t = await signUp("paging");
    const created: number[] = [];
    for (let i = 0; i < 7; i++) created.push((await t.admin.post("/tickets", { subject: `T${i}` })).id);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await t.admin.get(`/tickets?sort=number&limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.data.map((x: { id: number }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created);
    const bad = await t.admin.request("GET", "/tickets?cursor=not-a-cursor");
    expect(bad.status).toBe(400);
  });

  it("merging moves the messages and tags into the target and closes the source", async () => {
    const t = await signUp("merge");
    const source = await t.admin.post("/tickets", { subject: "Dup", text: "first copy", tags: ["a"] });
    const target = await t.admin.post("/tickets", { subject: "Original", text: "original", tags: ["b"] });
    const merged = await t.admin.post(`/tickets/${source.id}/merge`, { targetId: target.id });
    expect(merged.id).toBe(target.id);
    expect(merged.tags.sort()).toEqual(["a", "b"]);
    expect(merged.articles.map((a: { text: string }) => a.text)).toEqual(["first copy", "original", `Ticket #${source.number} was merged into this ticket.`]);
    const closed = await t.admin.get(`/tickets/${source.id}`);
    expect(closed).toMatchObject({ status: "closed", mergedIntoId: target.id });
    expect((await t.admin.get("/tickets")).data.map((x: { id: number }) => x.id)).toEqual([target.id]);
    const again = await t.admin.request("POST", `/tickets/${target.id}/merge`, { targetId: target.id });
    expect(again.status).toBe(400);
  });

  it("time entries add up per ticket", async () => {
    const t = await signUp("time");
    const ticket = await t.admin.post("/tickets", { subject: "Timed" });
    await t.admin.post(`/tickets/${ticket.id}/time-entries`, { minutes: 15, note: "call" });
    await t.admin.post(`/tickets/${ticket.id}/time-entries`, { minutes: 30 });
    const entries = await t.admin.get(`/tickets/${ticket.id}/time-entries`);
    expect(entries.totalMinutes).toBe(45);
    expect(entries.data.map((e: { note: string | null }) => e.note)).toEqual(["call", null]);
    expect((await t.admin.get(`/tickets/${ticket.id}`)).timeSpentMinutes).toBe(45);
  });
});
