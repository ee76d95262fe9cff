import { worker } from "./worker";

export const ORIGIN = "http://127.0.0.1:8787";

let ipCounter = 0;

/** A signed-in browser-like client: keeps the session cookie and sends a same-origin Origin. */
export class Client {
  cookie: string | null = null;
  bearer: string | null = null;
  origin: string | null = ORIGIN;

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h = new Headers(headers);
    if (this.cookie) h.set("Cookie", this.cookie);
    if (this.bearer) h.set("Authorization", `Bearer ${this.bearer}`);
    if (this.origin && method !== "GET" && !h.has("Origin")) h.set("Origin", this.origin);
    let payload: BodyInit | undefined;
    if (body instanceof FormData || typeof body === "string") payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h.set("Content-Type", "application/json");
    }
    const res = await worker.fetch(`${ORIGIN}/api/v1${path}`, { method, headers: h, body: payload });
    const setCookie = res.headers.get("Set-Cookie");
    if (setCookie?.startsWith("edgedesk_session=")) {
      const value = setCookie.split(";")[0]!;
      this.cookie = value === "edgedesk_session=" ? null : value;
    }
    return res;
  }

  /** Sends the request and returns the parsed JSON, failing loudly on an unexpected status. */
  async json<T = any>(method: string, path: string, body?: unknown, expected = [200, 201]): Promise<T> {
    const res = await this.request(method, path, body);
    const text = await res.text();
    if (!expected.includes(res.status)) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  get = <T = any>(path: string) => this.json<T>("GET", path);
  post = <T = any>(path: string, body?: unknown) => this.json<T>("POST", path, body);
  patch = <T = any>(path: string, body?: unknown) => this.json<T>("PATCH", path, body);
}

export interface SignedUpTenant {
  admin: Client;
  tenant: { id: number; slug: string; name: string; inboundAddress: string };
  user: { id: number; emails: string[] };
}

let tenantCounter = 0;

/** Signs up a fresh tenant (unique slug) and returns its admin's client. */
export async function signUp(prefix = "acme"): Promise<SignedUpTenant> {
  const admin = new Client();
  const slug = `${prefix}-${Date.now().toString(36)}-${tenantCounter++}`.slice(0, 32);
  const res = await admin.request(
    "POST",
    "/signup",
    { name: `${prefix} Inc`, slug, email: `admin@${slug}.example`, password: "correct horse battery" },
    { "CF-Connecting-IP": `10.0.${ipCounter % 250}.${ipCounter++ % 250}` },
  );
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as Omit<SignedUpTenant, "admin">;
  return { admin, ...body };
}

/** Creates an agent (or admin) in the admin's tenant and returns a signed-in client for them. */
export async function addStaff(t: SignedUpTenant, name: string, role: "agent" | "admin" = "agent", extra: Record<string, unknown> = {}) {
  const email = `${name.toLowerCase()}@${t.tenant.slug}.example`;
  const user = await t.admin.post("/users", { role, name, emails: [email], password: "agent password 123", ...extra });
  const client = new Client();
  await client.json("POST", "/auth/login", { tenant: t.tenant.slug, email, password: "agent password 123" }, [200]);
  return { client, user };
}

/** A customer account reachable through an API token of the customer (customers have no password). */
export async function addCustomer(t: SignedUpTenant, name: string, extra: Record<string, unknown> = {}) {
  const email = `${name.toLowerCase()}@customer.example`;
  return t.admin.post("/users", { role: "customer", name, emails: [email], ...extra });
}

/** A signed-in customer: customers sign in by magic link, so the session is made directly. */
export async function customerClient(tenantId: number, userId: number): Promise<Client> {
  const { env } = await import("cloudflare:workers");
  const { createDb } = await import("../../worker/db/client");
  const { createSession } = await import("../../worker/auth/sessions");
  const client = new Client();
  client.cookie = `edgedesk_session=${await createSession(createDb(env.DB), tenantId, userId)}`;
  return client;
}
