import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error plain ESM helper shared with npm start
import { run, startDevServer } from "../../scripts/dev-server.mjs";

// Inbound mail through a real `wrangler dev`: its local Email Routing endpoint runs the
// Worker's email() handler; results are read back through the REST API.
let server: { url: string; stop: () => void };
const persistTo = mkdtempSync(join(tmpdir(), "edgedesk-inbound-e2e-"));

beforeAll(async () => {
  await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { stdio: "ignore" });
  server = await startDevServer({ port: 8833, persistTo, quiet: true });
});
afterAll(() => server?.stop());

function fixture(name: string, vars: Record<string, string>) {
  return readFileSync(`test/fixtures/email/${name}.eml`, "latin1").replace(/\{\{(\w+)\}\}/g, (_, key: string) => vars[key] ?? `{{${key}}}`);
}

const sendMail = (raw: string, envelope: { from: string; to: string }) =>
  fetch(`${server.url}/cdn-cgi/handler/email?${new URLSearchParams(envelope)}`, { method: "POST", body: Buffer.from(raw, "latin1") });

/** Signs up a tenant and returns an API caller with its admin session. */
async function tenant() {
  const slug = `mail-${Date.now().toString(36)}`;
  const res = await fetch(`${server.url}/api/v1/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: "Mail Inc", slug, email: `admin@${slug}.example`, password: "correct horse battery" }),
  });
  expect(res.status).toBe(201);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const body = (await res.json()) as { tenant: { inboundAddress: string } };
  const api = async (method: string, path: string, json?: unknown) => {
    const r = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Cookie: cookie, Origin: server.url, ...(json ? { "Content-Type": "application/json" } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  return { api, to: body.tenant.inboundAddress };
}

describe("inbound email through wrangler dev", () => {
  it("turns a mail into a ticket and threads the customer's reply onto it", async () => {
    const { api, to } = await tenant();
    const first = "<e2e-first@customer.example>";
    const res = await sendMail(fixture("new_ticket", { to, from: "carla@customer.example", messageId: first }), { from: "carla@customer.example", to });
    expect(res.status).toBeLessThan(300);

    const list = await api("GET", "/tickets");
    expect(list.body.data).toHaveLength(1);
    const ticket = list.body.data[0];
    expect(ticket).toMatchObject({ subject: "Printer on floor 3 is jammed", channel: "email", status: "new" });

    await sendMail(fixture("reply_by_in_reply_to", { to, from: "carla@customer.example", messageId: "<e2e-reply@customer.example>", inReplyTo: first }), { from: "carla@customer.example", to });
    const detail = await api("GET", `/tickets/${ticket.id}`);
    expect(detail.body.articles.map((a: any) => a.messageId)).toEqual([first, "<e2e-reply@customer.example>"]);
    expect(detail.body.articles[1].text).toContain("still jammed");
  });

  it("refuses mail for an unknown recipient", async () => {
    const res = await sendMail(fixture("new_ticket", { to: "nobody@edgedesk.localhost", from: "carla@customer.example", messageId: "<e2e-nobody@customer.example>" }), {
      from: "carla@customer.example",
      to: "nobody@edgedesk.localhost",
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it("keeps refused mail for the admin and replays it into a ticket", async () => {
    const { api, to } = await tenant();
    expect((await api("PATCH", "/settings", { acceptUnregisteredSenders: false })).status).toBe(200);
    await sendMail(fixture("new_ticket", { to, from: "stranger@unknown.example", messageId: "<e2e-refused@unknown.example>" }), { from: "stranger@unknown.example", to });
    expect((await api("GET", "/tickets")).body.data).toHaveLength(0);
    const failed = await api("GET", "/failed-mails");
    expect(failed.body.data).toMatchObject([{ reason: "unregistered_sender", envelopeFrom: "stranger@unknown.example" }]);

    await api("PATCH", "/settings", { acceptUnregisteredSenders: true });
    const replay = await api("POST", `/failed-mails/${failed.body.data[0].id}/replay`);
    expect(replay.body).toMatchObject({ outcome: "ticket", failedMail: { status: "replayed" } });
    expect((await api("GET", "/tickets")).body.data).toHaveLength(1);
  });
});
