import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { createMagicLink, MAGIC_LINK_TTL_MS } from "../../worker/portal/magic-links";
import { addCustomer, Client, signUp } from "../helpers/api";
import { sentViaBinding, uniqueAddress } from "../outbound/helpers";

const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

async function customerWithLink(now?: number) {
  const t = await signUp("portal");
  const carla = await addCustomer(t, "Carla");
  const link = await createMagicLink(createDb(env.DB), env.APP_URL, t.tenant.id, carla.id, "customer", now);
  return { t, carla, link };
}

describe("customer portal sign-in", () => {
  it("signs a customer in with a link that points at the portal and is valid for three days", async () => {
    const { t, carla, link } = await customerWithLink();
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/portal\/login\?token=/);
    expect(link.expiresAt - Date.now()).toBeGreaterThan(MAGIC_LINK_TTL_MS - 60_000);
    await t.admin.post("/tickets", { subject: "Where is my parcel?", customerId: carla.id, text: "Ordered last week" });
    await t.admin.post("/tickets", { subject: "Someone else's", customerEmail: "dan@customer.example", text: "private" });

    const browser = new Client();
    const res = await browser.request("POST", "/portal/login", { token: tokenOf(link.url) });
    expect(res.status).toBe(204);
    const me = await browser.get("/me");
    expect(me.user).toMatchObject({ id: carla.id, role: "customer" });
    const mine = await browser.get("/tickets");
    expect(mine.data.map((x: any) => x.subject)).toEqual(["Where is my parcel?"]);
  });

  it("lets a customer reply on their ticket after signing in", async () => {
    const { t, carla, link } = await customerWithLink();
    const ticket = await t.admin.post("/tickets", { subject: "Broken lid", customerId: carla.id, text: "It broke" });
    const browser = new Client();
    await browser.json("POST", "/portal/login", { token: tokenOf(link.url) }, [204]);
    const reply = await browser.post(`/tickets/${ticket.id}/articles`, { text: "Here is a photo" });
    expect(reply).toMatchObject({ direction: "in", internal: false });
  });

  it("mails the customer a link that signs them in, in their language", async () => {
    const t = await signUp("portalmail");
    const email = uniqueAddress("greta");
    await addCustomer(t, "Greta", { emails: [email], locale: "de" });
    const ask = await new Client().request("POST", "/portal/magic-link", { tenant: t.tenant.slug, email });
    expect(ask.status).toBe(202);
    const [mail] = await sentViaBinding(email);
    expect(mail!.parsed.subject).toBe(`Ihr Anmeldelink für ${t.tenant.name}`);
    const url = mail!.parsed.text!.match(/http\S+\/portal\/login\?token=\S+/)![0];
    const browser = new Client();
    await browser.json("POST", "/portal/login", { token: tokenOf(url) }, [204]);
    expect((await browser.get("/me")).user.emails).toEqual([email]);
  });

  it("refuses a link the second time it is used", async () => {
    const { link } = await customerWithLink();
    await new Client().json("POST", "/portal/login", { token: tokenOf(link.url) }, [204]);
    const again = await new Client().request("POST", "/portal/login", { token: tokenOf(link.url) });
    expect(again.status).toBe(401);
    expect(((await again.json()) as any).error.code).toBe("unauthorized");
  });

  it("refuses a link older than three days", async () => {
    const { link } = await customerWithLink(Date.now() - MAGIC_LINK_TTL_MS - 1000);
    const res = await new Client().request("POST", "/portal/login", { token: tokenOf(link.url) });
    expect(res.status).toBe(401);
  });

  it("answers the same for known and unknown addresses when a link is requested", async () => {
    const t = await signUp("portalask");
    await addCustomer(t, "Carla");
    const known = await new Client().request("POST", "/portal/magic-link", { tenant: t.tenant.slug, email: "carla@customer.example" });
    const unknown = await new Client().request("POST", "/portal/magic-link", { tenant: t.tenant.slug, email: "nobody@customer.example" });
    const noTenant = await new Client().request("POST", "/portal/magic-link", { tenant: "no-such-tenant", email: "carla@customer.example" });
    expect([known.status, unknown.status, noTenant.status]).toEqual([202, 202, 202]);
    expect(await known.json()).toEqual(await unknown.json());
  });

  it("rejects malformed requests in the error envelope", async () => {
    const res = await new Client().request("POST", "/portal/magic-link", { tenant: "x", email: "not-an-email" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.issues[0].path).toBe("email");
    const short = await new Client().request("POST", "/portal/login", { token: "short" });
    expect(short.status).toBe(400);
  });

  it("does not let a staff member's address get a portal link", async () => {
    const t = await signUp("portalstaff");
    const link = await createMagicLink(createDb(env.DB), env.APP_URL, t.tenant.id, t.user.id);
    const res = await new Client().request("POST", "/portal/login", { token: tokenOf(link.url) });
    expect(res.status).toBe(401);
  });
});
