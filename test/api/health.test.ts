import { worker } from "../helpers/worker";
import { describe, expect, it } from "vitest";

describe("health", () => {
  it("answers ok without signing in", async () => {
    const res = await worker.fetch("https://desk.test/api/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
