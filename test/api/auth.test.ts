import { describe, expect, it } from "vitest";
import { signUp } from "../helpers/api";

describe("sign-up and sessions", () => {
  it("signup creates the tenant, its admin and default category, and signs the admin in", async () => {
    const { admin, tenant, user } = await signUp("signup");
    expect(tenant.inboundAddress).toBe(`${tenant.slug}@edgedesk.localhost`);
    expect(user).toMatchObject({ role: "admin", active: true });
    const me = await admin.get("/me");
    expect(me.user.id).toBe(user.id);
    const categories = await admin.get("/categories");
    expect(categories.data).toHaveLength(1);
    const settings = await admin.get("/settings");
    expect(settings.defaultCategoryId).toBe(categories.data[0].id);
  });
});
