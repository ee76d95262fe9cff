import { describe, expect, it } from "vitest";
import { signUp } from "../helpers/api";
import { notificationsOf, staffedTenant } from "./helpers";

const entry = (data: { event: string }[], event: string) => data.find((d) => d.event === event);

describe("templates overridden per category", () => {
  it("uses the category's template for its tickets, the tenant-wide one elsewhere, and the built-in one for other languages", async () => {
    const { t, category, ann, cid } = await staffedTenant("tplcat");
    await t.admin.json("PUT", "/notification-templates/en/ticket_created", { subject: "Tenant: #Subject#", body: "<p>tenant</p>" });
    await t.admin.json("PUT", "/notification-templates/en/ticket_created", { subject: "Hardware: #Subject#", body: "<p>hardware</p>", categoryId: category.id });
    await t.admin.patch(`/users/${cid.user.id}`, { locale: "de" });

    const inCategory = await t.admin.post("/tickets", { subject: "Fan loud", text: "x", categoryId: category.id, assigneeId: ann.user.id });
    const elsewhere = await t.admin.post("/tickets", { subject: "Mail slow", text: "x", assigneeId: ann.user.id });
    const german = await t.admin.post("/tickets", { subject: "Lüfter laut", text: "x", categoryId: category.id, assigneeId: cid.user.id });

    const [a] = await notificationsOf(t.tenant.id, inCategory.id, 1);
    const [b] = await notificationsOf(t.tenant.id, elsewhere.id, 1);
    const [c] = await notificationsOf(t.tenant.id, german.id, 1);
    expect(a!.subject).toBe(`Hardware: Fan loud [#${inCategory.number}]`);
    expect(a!.html).toContain("hardware");
    expect(b!.subject).toBe(`Tenant: Mail slow [#${elsewhere.number}]`);
    // The category override is English only: a German agent still gets German.
    expect(c!.to).toEqual([{ name: "Cid", address: cid.user.emails[0] }]);
    expect(c!.subject).toBe(`Neues Ticket: Lüfter laut [#${german.number}]`);
  });

  it("lists which templates are category overrides and resets a category back to the tenant-wide one", async () => {
    const { t, category } = await staffedTenant("tplcatlist");
    await t.admin.json("PUT", "/notification-templates/en/public_reply", { subject: "Tenant reply: #Subject#", body: "<p>t</p>" });
    const saved = await t.admin.json("PUT", "/notification-templates/en/public_reply", { subject: "Cat reply: #Subject#", body: "<p>c</p>", categoryId: category.id });
    expect(saved).toMatchObject({ event: "public_reply", categoryId: category.id, subject: "Cat reply: #Subject#", customized: true, categoryOverride: true, categoryOverrides: [category.id] });

    const tenantWide = entry((await t.admin.get("/notification-templates/en")).data, "public_reply");
    expect(tenantWide).toMatchObject({ categoryId: null, subject: "Tenant reply: #Subject#", categoryOverride: false, categoryOverrides: [category.id] });
    const forCategory = (await t.admin.get(`/notification-templates/en?categoryId=${category.id}`)).data;
    expect(entry(forCategory, "public_reply")).toMatchObject({ subject: "Cat reply: #Subject#", categoryOverride: true });
    // Events the category did not override show the tenant-wide (here built-in) text.
    expect(entry(forCategory, "internal_note")).toMatchObject({ customized: false, categoryOverride: false, categoryOverrides: [] });

    await t.admin.json("DELETE", `/notification-templates/en/public_reply?categoryId=${category.id}`, undefined, [204]);
    const after = entry((await t.admin.get(`/notification-templates/en?categoryId=${category.id}`)).data, "public_reply");
    expect(after).toMatchObject({ subject: "Tenant reply: #Subject#", customized: true, categoryOverride: false, categoryOverrides: [] });
  });

  it("answers another tenant's category exactly like a missing one", async () => {
    const { t } = await staffedTenant("tplcatiso");
    const other = await signUp("tplcatother");
    const foreign = await other.admin.post("/categories", { names: { en: "Theirs" } });
    const body = { subject: "x #Subject#", body: "y" };
    for (const categoryId of [foreign.id, 999_999]) {
      const put = await t.admin.request("PUT", "/notification-templates/en/ticket_created", { ...body, categoryId });
      const list = await t.admin.request("GET", `/notification-templates/en?categoryId=${categoryId}`);
      const reset = await t.admin.request("DELETE", `/notification-templates/en/ticket_created?categoryId=${categoryId}`);
      for (const res of [put, list, reset]) {
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual({ error: { code: "validation_failed", message: "No such category", issues: [{ path: "categoryId", message: "No such category" }] } });
      }
    }
    // Nothing was stored for the other tenant's category.
    expect(entry((await other.admin.get(`/notification-templates/en?categoryId=${foreign.id}`)).data, "ticket_created")).toMatchObject({ customized: false });
  });

  it("refuses a category id that is not a positive integer in the one error envelope", async () => {
    const { t } = await staffedTenant("tplcatbad");
    const res = await t.admin.request("PUT", "/notification-templates/en/ticket_created", { subject: "x", body: "y", categoryId: "one" });
    expect(res.status).toBe(400);
    const { error } = await res.json<any>();
    expect(error.issues.map((i: { path: string }) => i.path)).toEqual(["categoryId"]);
  });
});
