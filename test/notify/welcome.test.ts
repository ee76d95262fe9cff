import { describe, expect, it } from "vitest";
import { Client, signUp } from "../helpers/api";
import { sentViaBinding, uniqueAddress } from "../outbound/helpers";

describe("the welcome mail", () => {
  it("greets a customer account an admin creates, once the tenant switched it on", async () => {
    const t = await signUp("welcome");
    const before = uniqueAddress("early");
    await t.admin.post("/users", { role: "customer", name: "Early Bird", emails: [before] });

    await t.admin.json("PUT", "/notification-rules/welcome", { active: true, recipients: ["customer"] });
    const email = uniqueAddress("noemi");
    await t.admin.post("/users", { role: "customer", name: "Noémi Kovács", emails: [email], locale: "fr" });
    const [mail] = await sentViaBinding(email);
    expect(mail!.parsed.subject).toBe("Bienvenue sur notre support");
    expect(mail!.parsed.html).toContain("Bonjour Noémi Kovács,");
    expect(mail!.parsed.html).toContain('href="http://127.0.0.1:8787/portal"');
    expect(mail!.parsed.headers.find((h) => h.key === "auto-submitted")?.value).toBe("auto-generated");

    const { data } = await t.admin.get("/outbound-mails?limit=10");
    expect(data.map((m: { kind: string; recipients: { recipient: string }[] }) => [m.kind, m.recipients[0]!.recipient])).toEqual([["welcome", email]]);
  });

  it("invites an agent created without a password to choose one through a link that works once", async () => {
    const t = await signUp("invite");
    const email = uniqueAddress("greta");
    await t.admin.post("/users", { role: "agent", name: "Greta Gruber", emails: [email], locale: "de" });
    const [mail] = await sentViaBinding(email);
    expect(mail!.parsed.subject).toBe("Ihr Helpdesk-Konto");
    expect(mail!.parsed.html).toContain("Hallo Greta Gruber,");
    const link = new URL(/href="([^"]+)"/.exec(mail!.parsed.html!)![1]!.replace(/&amp;/g, "&"));
    expect(link.pathname).toBe("/invitation");
    const token = link.searchParams.get("token")!;

    // The link of an invitation is no portal sign-in, and a short password is refused before the link is spent.
    expect((await new Client().request("POST", "/portal/login", { token })).status).toBe(401);
    const greta = new Client();
    expect((await greta.request("POST", "/auth/invitation", { token, password: "short" })).status).toBe(400);
    const me = await greta.json("POST", "/auth/invitation", { token, password: "gretas own password" }, [200]);
    expect(me.user).toMatchObject({ name: "Greta Gruber", role: "agent" });
    expect((await greta.request("GET", "/tickets")).status).toBe(200);
    expect((await new Client().request("POST", "/auth/invitation", { token, password: "someone elses password" })).status).toBe(401);
    const login = await new Client().request("POST", "/auth/login", { tenant: t.tenant.slug, email, password: "gretas own password" });
    expect(login.status).toBe(200);
  });

  it("marks the welcome and the invitation as mail to the person alone, which no recipient choice changes", async () => {
    const t = await signUp("personal");
    const rules = (await t.admin.get<{ data: { event: string; personal: boolean }[] }>("/notification-rules")).data;
    expect(rules.filter((r) => r.personal).map((r) => r.event).sort()).toEqual(["agent_invitation", "welcome"]);
    expect(rules.find((r) => r.event === "ticket_created")?.personal).toBe(false);
  });

  it("sends no invitation to staff given a password, and a customer's sign-in link sets no password", async () => {
    const t = await signUp("noinvite");
    const email = uniqueAddress("hans");
    await t.admin.post("/users", { role: "agent", name: "Hans", emails: [email], password: "an admin chose this" });
    // An agent without a password, created after Hans: once their invitation is out, one for Hans would be too.
    const later = uniqueAddress("ida");
    await t.admin.post("/users", { role: "agent", name: "Ida", emails: [later] });
    await sentViaBinding(later);
    const customer = await t.admin.post("/users", { role: "customer", name: "Carla", emails: [uniqueAddress("carla")] });
    const { env } = await import("cloudflare:workers");
    const { createDb } = await import("../../worker/db/client");
    const { createMagicLink } = await import("../../worker/portal/magic-links");
    const portalLink = new URL((await createMagicLink(createDb(env.DB), env.APP_URL, t.tenant.id, customer.id)).url);
    const res = await new Client().request("POST", "/auth/invitation", { token: portalLink.searchParams.get("token"), password: "a customer password" });
    expect(res.status).toBe(401);
    const { data } = await t.admin.get("/outbound-mails?limit=10");
    expect(data.filter((m: { recipients: { recipient: string }[] }) => m.recipients.some((r) => r.recipient === email))).toEqual([]);
  });
});
