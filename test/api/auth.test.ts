import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addStaff, Client, signUp } from "../helpers/api";

describe("sign-up, login and sessions", () => {
  it("signup creates the tenant, its admin and default category, and signs the admin in", async () => {
    const { admin, tenant, user } = await signUp("signup");
    expect(tenant.inboundAddress).toBe(`${tenant.slug}@edgedesk.localhost`);
    expect(user).toMatchObject({ role: "admin", active: true });
    const me = await admin.get("/me");
    expect(me.user.id).toBe(user.id);
    const categories = await admin.get("/categories");
    expect(categories.data.map((c: { names: object }) => c.names)).toEqual([{ en: "General", de: "Allgemein", fr: "Général" }]);
    const settings = await admin.get("/settings");
    expect(settings.defaultCategoryId).toBe(categories.data[0].id);
    const addresses = await admin.get("/inbound-addresses");
    expect(addresses.data).toEqual([expect.objectContaining({ address: tenant.inboundAddress, kind: "standard" })]);
  });

  it("a taken slug answers 409 and a malformed one 400, both in the error envelope", async () => {
    const { tenant } = await signUp("taken");
    const client = new Client();
    const taken = await client.request("POST", "/signup", { name: "x", slug: tenant.slug, email: "a@b.example", password: "long enough password" });
    expect(taken.status).toBe(409);
    expect((await taken.json<any>()).error.code).toBe("conflict");
    const bad = await client.request("POST", "/signup", { name: "x", slug: "No Spaces!", email: "a@b.example", password: "long enough password" });
    expect(bad.status).toBe(400);
    expect((await bad.json<any>()).error).toMatchObject({ code: "validation_failed", issues: [expect.objectContaining({ path: "slug" })] });
  });

  it("passwords are stored only as salted PBKDF2-SHA256 hashes and sessions only as SHA-256", async () => {
    const { tenant, user } = await signUp("hashes");
    const row = await env.DB.prepare("select password_hash from users where id = ?").bind(user.id).first<{ password_hash: string }>();
    expect(row!.password_hash).toMatch(/^pbkdf2-sha256\$100000\$[\w-]{22}\$[\w-]{43}$/);
    const sessions = await env.DB.prepare("select token_hash from sessions where tenant_id = ?").bind(tenant.id).all<{ token_hash: string }>();
    expect(sessions.results[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("login sets an HttpOnly, Secure, SameSite=Lax cookie and logout ends the session", async () => {
    const { tenant } = await signUp("login");
    const client = new Client();
    const res = await client.request("POST", "/auth/login", { tenant: tenant.slug, email: `admin@${tenant.slug}.example`, password: "correct horse battery" });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = client.cookie;
    expect((await client.request("GET", "/me")).status).toBe(200);
    expect((await client.request("POST", "/auth/logout")).status).toBe(204);
    const replay = new Client();
    replay.cookie = session;
    expect((await replay.request("GET", "/me")).status).toBe(401);
  });

  it("a wrong password, an unknown email and an unknown tenant all answer the same 401", async () => {
    const { tenant } = await signUp("wrongpw");
    const client = new Client();
    const attempts = [
      { tenant: tenant.slug, email: `admin@${tenant.slug}.example`, password: "wrong password" },
      { tenant: tenant.slug, email: "nobody@example.com", password: "correct horse battery" },
      { tenant: "no-such-tenant", email: `admin@${tenant.slug}.example`, password: "correct horse battery" },
    ];
    for (const body of attempts) {
      const res = await client.request("POST", "/auth/login", body);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: "unauthorized", message: "Wrong tenant, email or password" } });
    }
  });

  it("login is rate-limited per account after ten attempts", async () => {
    const { tenant } = await signUp("ratelimit");
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await new Client().request(
        "POST",
        "/auth/login",
        { tenant: tenant.slug, email: `admin@${tenant.slug}.example`, password: `guess ${i}` },
        { "CF-Connecting-IP": `192.0.2.${i}` },
      );
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });

  it("a deactivated agent's session stops working at once", async () => {
    const t = await signUp("deactivate");
    const agent = await t.admin.post("/users", { role: "agent", name: "Ben", emails: [`ben@${t.tenant.slug}.example`], password: "agent password 123" });
    const ben = new Client();
    await ben.json("POST", "/auth/login", { tenant: t.tenant.slug, email: `ben@${t.tenant.slug}.example`, password: "agent password 123" }, [200]);
    await t.admin.json("DELETE", `/users/${agent.id}`, undefined, [200]);
    expect((await ben.request("GET", "/tickets")).status).toBe(401);
  });
});

describe("your own profile", () => {
  it("an agent changes their own name and language, and nothing an admin decides", async () => {
    const t = await signUp("profile");
    const { client: ben, user } = await addStaff(t, "Ben");
    const me = await ben.patch("/me", { name: "Ben Berger", locale: "de" });
    expect(me.user).toMatchObject({ id: user.id, name: "Ben Berger", locale: "de", role: "agent" });
    expect((await t.admin.get(`/users/${user.id}`)).locale).toBe("de");
    expect((await ben.patch("/me", { locale: null })).user.locale).toBeNull();
    for (const body of [{ role: "admin" }, { limitedToCategories: false }, { emails: ["other@x.example"] }, { locale: "German" }]) {
      const res = await ben.request("PATCH", "/me", body);
      expect(res.status).toBe(400);
      expect((await res.json<any>()).error.code).toBe("validation_failed");
    }
    expect((await ben.get("/me")).user).toMatchObject({ role: "agent", name: "Ben Berger" });
  });

  it("a new password needs the current one and ends the user's other sessions", async () => {
    const t = await signUp("newpw");
    const email = `ben@${t.tenant.slug}.example`;
    const { client: ben } = await addStaff(t, "Ben");
    const laptop = new Client();
    await laptop.json("POST", "/auth/login", { tenant: t.tenant.slug, email, password: "agent password 123" }, [200]);

    const wrong = await ben.request("PATCH", "/me", { password: { current: "not my password", new: "a much better password" } });
    expect(wrong.status).toBe(400);
    expect((await wrong.json<any>()).error.issues).toEqual([expect.objectContaining({ path: "password.current" })]);
    expect((await laptop.request("GET", "/me")).status).toBe(200);

    await ben.patch("/me", { password: { current: "agent password 123", new: "a much better password" } });
    expect((await ben.request("GET", "/me")).status).toBe(200);
    expect((await laptop.request("GET", "/me")).status).toBe(401);
    const login = (password: string) => new Client().request("POST", "/auth/login", { tenant: t.tenant.slug, email, password });
    expect((await login("agent password 123")).status).toBe(401);
    expect((await login("a much better password")).status).toBe(200);
  });
});

describe("API tokens", () => {
  it("a Bearer token works for scripts without cookies or Origin, is shown once, and can be revoked", async () => {
    const t = await signUp("tokens");
    const created = await t.admin.post("/tokens", { name: "CI script" });
    expect(created.token).toMatch(/^edk_/);
    const script = new Client();
    script.origin = null;
    script.bearer = created.token;
    expect((await script.request("POST", "/tickets", { subject: "From a script" })).status).toBe(201);
    const listed = await t.admin.get("/tokens");
    expect(listed.data).toEqual([expect.objectContaining({ id: created.id, name: "CI script" })]);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    await t.admin.json("DELETE", `/tokens/${created.id}`, undefined, [204]);
    expect((await script.request("GET", "/tickets")).status).toBe(401);
  });
});

describe("CSRF", () => {
  it("cookie-authenticated writes without a same-origin Origin header are refused", async () => {
    const t = await signUp("csrf");
    const session = t.admin;
    session.origin = null;
    const missing = await session.request("POST", "/tickets", { subject: "no origin" });
    expect(missing.status).toBe(403);
    expect((await missing.json<any>()).error.code).toBe("forbidden");
    session.origin = "https://evil.example";
    expect((await session.request("POST", "/tickets", { subject: "foreign" })).status).toBe(403);
    expect((await session.request("GET", "/tickets")).status).toBe(200);
    const login = await new Client().request("POST", "/auth/login", { tenant: t.tenant.slug, email: "x@y.example", password: "p" }, { Origin: "https://evil.example" });
    expect(login.status).toBe(403);
  });
});
