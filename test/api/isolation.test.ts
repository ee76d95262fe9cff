import { describe, expect, it } from "vitest";
import { worker } from "../helpers/worker";
import { ORIGIN, signUp, type SignedUpTenant } from "../helpers/api";

type Creator = (a: SignedUpTenant) => Promise<number>;

/** How to make one resource of each kind in tenant A; every `{id}` route must be listed here. */
const creators: Record<string, Creator> = {
  tickets: async (a) => (await a.admin.post("/tickets", { subject: "A's ticket", text: "private" })).id,
  users: async (a) => (await a.admin.post("/users", { name: "A's customer", emails: ["a-customer@customer.example"] })).id,
  categories: async (a) => (await a.admin.post("/categories", { names: { en: "A's category" } })).id,
  "inbound-addresses": async (a) => (await a.admin.post("/inbound-addresses", { address: `help@${a.tenant.slug}.example` })).id,
  tokens: async (a) => (await a.admin.post("/tokens", { name: "A's token" })).id,
  "canned-texts": async (a) => (await a.admin.post("/canned-texts", { title: "A's text", body: "private" })).id,
  "outbound-mails": async (a) => {
    const customer = await a.admin.post("/users", { name: "A's mailed customer", emails: ["a-mailed@customer.example"] });
    const ticket = await a.admin.post("/tickets", { subject: "A's mail", text: "x", customerId: customer.id, channel: "email" });
    await a.admin.post(`/tickets/${ticket.id}/articles`, { text: "A's reply" });
    return (await a.admin.get("/outbound-mails?limit=1")).data[0].id;
  },
  "failed-mails": async (a) => {
    // A mail the tenant refuses (unregistered sender) is kept as failed mail.
    const { fixture, receive } = await import("../inbound/mail");
    await a.admin.patch("/settings", { acceptUnregisteredSenders: false });
    const to = a.tenant.inboundAddress;
    const kept = await receive(fixture("new_ticket", { to, from: "stranger@unknown.example" }), { to, from: "stranger@unknown.example" });
    if (kept.outcome !== "failed") throw new Error(`expected a failed mail, got ${kept.outcome}`);
    return kept.failedMailId;
  },
  attachments: async (a) => {
    const form = new FormData();
    form.append("file", new File(["secret"], "a.txt", { type: "text/plain" }));
    return (await a.admin.post("/attachments", form)).id;
  },
};

/** Ids in a path besides `{id}`, made in tenant A as well, so a foreign request names only A's things. */
const nestedIds: Record<string, (a: SignedUpTenant, ids: Record<string, number>) => Promise<number>> = {
  articleId: async (a, ids) => (await a.admin.get(`/tickets/${ids.tickets}`)).articles[0].id,
};

/** Bodies that pass validation, so the only reason left to refuse is the foreign id. */
const bodies: Record<string, unknown> = {
  "PATCH /tickets/{id}": { status: "open" },
  "POST /tickets/{id}/articles": { text: "intrusion" },
  "PATCH /tickets/{id}/articles/{articleId}": { text: "intrusion" },
  "POST /tickets/{id}/time-entries": { minutes: 5 },
  "PATCH /users/{id}": { name: "Renamed" },
  "PATCH /categories/{id}": { names: { en: "Renamed" } },
  "PATCH /inbound-addresses/{id}": { categoryId: null },
  "PATCH /canned-texts/{id}": { title: "Renamed" },
};

/** Routes that need more than a body to reach their id check. */
const headers: Record<string, Record<string, string>> = {
  "GET /tickets/{id}/live": { Upgrade: "websocket", Origin: ORIGIN },
};

describe("tenant isolation", () => {
  it("every route with an id answers 404 for another tenant's id, exactly like a missing id", async () => {
    const a = await signUp("tenanta");
    const b = await signUp("tenantb");
    const doc = await (await worker.fetch("http://127.0.0.1:8787/api/v1/openapi.json")).json<{ paths: Record<string, Record<string, unknown>> }>();
    const ids: Record<string, number> = {};
    for (const [kind, create] of Object.entries(creators)) ids[kind] = await create(a);
    for (const [param, create] of Object.entries(nestedIds)) ids[param] = await create(a, ids);
    // Some routes need a valid id of B's own in the body (merge target).
    const bTicket = (await b.admin.post("/tickets", { subject: "B's own" })).id;
    bodies["POST /tickets/{id}/merge"] = { targetId: bTicket };

    const checked: string[] = [];
    for (const [fullPath, operations] of Object.entries(doc.paths)) {
      if (!fullPath.includes("{id}")) continue;
      const path = fullPath.replace(/^\/api\/v1/, "");
      const kind = path.split("/")[1]!;
      expect(creators[kind], `add a creator for "${kind}" to the isolation test`).toBeDefined();
      for (const param of path.match(/\{\w+\}/g)!.filter((p) => p !== "{id}")) expect(nestedIds[param.slice(1, -1)], `add a creator for ${param} to the isolation test`).toBeDefined();
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const route = `${method} ${path}`;
        const concrete = path.replace("{id}", String(ids[kind])).replace(/\{(\w+)\}/g, (_, param: string) => String(ids[param]));
        const missing = path.replace(/\{\w+\}/g, "987654321");
        const foreign = await b.admin.request(method, concrete, bodies[route], headers[route]);
        const absent = await b.admin.request(method, missing, bodies[route], headers[route]);
        expect(foreign.status, `${route} with A's id`).toBe(404);
        expect(await foreign.json(), `${route} answers like a missing id`).toEqual(await absent.json());
        checked.push(route);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(15);

    // A's data is untouched and B's lists never show it.
    const aTicket = await a.admin.get(`/tickets/${ids.tickets}`);
    expect(aTicket).toMatchObject({ status: "new", subject: "A's ticket" });
    expect(aTicket.articles).toHaveLength(1);
    expect(aTicket.articles[0].text).toBe("private");
    expect((await b.admin.get(`/tickets?customerId=${ids.users}`)).data).toEqual([]);
    expect((await b.admin.get("/tickets?q=private")).data).toEqual([]);
    expect((await b.admin.get("/users")).data.map((u: { id: number }) => u.id)).not.toContain(ids.users);
  });

  it("ids of another tenant inside a request body are refused as unknown", async () => {
    const a = await signUp("bodya");
    const b = await signUp("bodyb");
    const aUser = await a.admin.post("/users", { name: "A's customer" });
    const aCategory = await a.admin.post("/categories", { names: { en: "A's" } });
    const res = await b.admin.request("POST", "/tickets", { subject: "x", customerId: aUser.id, categoryId: aCategory.id });
    expect(res.status).toBe(400);
    expect((await res.json<any>()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["categoryId", "customerId"]);
    const settings = await b.admin.request("PATCH", "/settings", { defaultCategoryId: aCategory.id });
    expect(settings.status).toBe(400);
  });
});
