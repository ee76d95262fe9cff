import { describe, expect, it } from "vitest";
import { signUp, type SignedUpTenant } from "../helpers/api";

const expectEnvelope = async (res: Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  const body = await res.json<any>();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  return body.error;
};

/** A write route with a body that is valid there, so each bad variant below is the only fault. */
async function writeRoutes(t: SignedUpTenant): Promise<[string, string, Record<string, unknown>][]> {
  const ticket = await t.admin.post("/tickets", { subject: "Target" });
  const category = await t.admin.post("/categories", { names: { en: "Spare" } });
  const user = await t.admin.post("/users", { name: "Spare", emails: ["spare@customer.example"] });
  const address = await t.admin.post("/inbound-addresses", { address: `support@${t.tenant.slug}.example` });
  return [
    ["POST", "/tickets", { subject: "x" }],
    ["PATCH", `/tickets/${ticket.id}`, { status: "open" }],
    ["POST", `/tickets/${ticket.id}/articles`, { text: "hi" }],
    ["POST", `/tickets/${ticket.id}/merge`, { targetId: ticket.id }],
    ["POST", `/tickets/${ticket.id}/time-entries`, { minutes: 5 }],
    ["POST", "/users", { name: "x" }],
    ["PATCH", `/users/${user.id}`, { name: "y" }],
    ["POST", "/categories", { names: { en: "x" } }],
    ["PATCH", `/categories/${category.id}`, { names: { en: "y" } }],
    ["PATCH", "/settings", { addCcAsSubscribers: false }],
    ["PATCH", "/tenant", { name: "New name" }],
    ["POST", "/inbound-addresses", { address: "help@elsewhere.example" }],
    ["PATCH", `/inbound-addresses/${address.id}`, { categoryId: null }],
    ["POST", "/tokens", { name: "x" }],
  ];
}

describe("bad input gets a 4xx in the one error envelope, never a 500", () => {
  it("every write route refuses malformed JSON, unknown fields and wrong types", async () => {
    const t = await signUp("validate");
    for (const [method, path, valid] of await writeRoutes(t)) {
      const malformed = await t.admin.request(method, path, '{"subject": ', { "Content-Type": "application/json" });
      await expectEnvelope(malformed, 400, "bad_request").catch((e) => {
        throw new Error(`${method} ${path} malformed JSON: ${e.message}`);
      });
      const unknown = await t.admin.request(method, path, { ...valid, surprise: true });
      const unknownError = await expectEnvelope(unknown, 400, "validation_failed");
      expect(JSON.stringify(unknownError.issues), `${method} ${path}`).toContain("surprise");
      const [field] = Object.keys(valid);
      const wrongType = await t.admin.request(method, path, { ...valid, [field!]: { nested: [1] } });
      const wrongTypeError = await expectEnvelope(wrongType, 400, "validation_failed");
      expect(wrongTypeError.issues.map((i: { path: string }) => i.path.split(".")[0]), `${method} ${path}`).toContain(field);
    }
  });

  it("a body that is not JSON at all answers 415", async () => {
    const t = await signUp("mediatype");
    await expectEnvelope(await t.admin.request("POST", "/tickets", "subject=x", { "Content-Type": "application/x-www-form-urlencoded" }), 415, "unsupported_media_type");
  });

  it("an oversized body answers 413", async () => {
    const t = await signUp("oversize");
    const res = await t.admin.request("POST", "/tickets", { subject: "big", text: "x".repeat(5 * 1024 * 1024) });
    await expectEnvelope(res, 413, "payload_too_large");
  });

  it("ids that are not numbers, bad query values and unknown routes answer 400 or 404", async () => {
    const t = await signUp("params");
    await expectEnvelope(await t.admin.request("GET", "/tickets/abc"), 400, "validation_failed");
    await expectEnvelope(await t.admin.request("GET", "/tickets/-1"), 400, "validation_failed");
    await expectEnvelope(await t.admin.request("GET", "/tickets?status=bogus"), 400, "validation_failed");
    await expectEnvelope(await t.admin.request("GET", "/tickets?sort=password"), 400, "validation_failed");
    await expectEnvelope(await t.admin.request("GET", "/tickets?limit=100000"), 400, "validation_failed");
    await expectEnvelope(await t.admin.request("GET", "/no/such/route"), 404, "not_found");
    await expectEnvelope(await t.admin.request("GET", "/tickets/999999999"), 404, "not_found");
  });

  it("requests without credentials answer 401 in the envelope", async () => {
    const t = await signUp("anon");
    t.admin.cookie = null;
    await expectEnvelope(await t.admin.request("GET", "/tickets"), 401, "unauthorized");
  });
});
