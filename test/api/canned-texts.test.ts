import { describe, expect, it } from "vitest";
import { addStaff, customerClient, addCustomer, signUp } from "../helpers/api";

describe("canned texts", () => {
  it("admins write a tenant's own canned texts and agents read them, sorted by title", async () => {
    const t = await signUp("canned");
    const { client: agent } = await addStaff(t, "Ann");
    const refund = await t.admin.post("/canned-texts", { title: "Refund on its way", body: "Hello {name},\n\nthe refund is on its way.\n\n{agent}" });
    await t.admin.post("/canned-texts", { title: "Address change", body: "Please send us your new address." });
    expect((await agent.get("/canned-texts")).data.map((c: { title: string }) => c.title)).toEqual(["Address change", "Refund on its way"]);

    const edited = await t.admin.patch(`/canned-texts/${refund.id}`, { body: "Hello {name},\n\nthe refund reached your bank." });
    expect(edited).toMatchObject({ id: refund.id, title: "Refund on its way", body: "Hello {name},\n\nthe refund reached your bank." });
    expect((await agent.request("POST", "/canned-texts", { title: "Mine", body: "x" })).status).toBe(403);
    expect((await agent.request("DELETE", `/canned-texts/${refund.id}`)).status).toBe(403);
    expect((await t.admin.request("DELETE", `/canned-texts/${refund.id}`)).status).toBe(204);
    expect((await agent.get("/canned-texts")).data.map((c: { title: string }) => c.title)).toEqual(["Address change"]);
    expect((await t.admin.request("PATCH", `/canned-texts/${refund.id}`, { title: "Gone" })).status).toBe(404);
  });

  it("refuses empty or oversized texts with the field named, and keeps them from customers", async () => {
    const t = await signUp("cannedbad");
    for (const [body, path] of [[{ title: "", body: "x" }, "title"], [{ title: "Long", body: "x".repeat(5001) }, "body"], [{ title: "x", body: "y", shared: true }, ""]] as const) {
      const res = await t.admin.request("POST", "/canned-texts", body);
      expect(res.status).toBe(400);
      const error = (await res.json<any>()).error;
      expect(error.code).toBe("validation_failed");
      if (path) expect(error.issues).toEqual([expect.objectContaining({ path })]);
    }
    const customer = await customerClient(t.tenant.id, (await addCustomer(t, "Cora")).id);
    expect((await customer.request("GET", "/canned-texts")).status).toBe(403);
  });
});
