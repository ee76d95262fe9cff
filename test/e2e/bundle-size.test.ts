import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script, also run by `npm run build`
import { INITIAL_JS_BUDGET_BYTES, measureBundle } from "../../scripts/bundle-size.mjs";

// Reads the build that `npm test` makes before any suite runs (web/dist + vite's manifest).
describe("web app bundle", () => {
  it("keeps the agent app's initial JavaScript within 60 KB gzip", () => {
    const { initialGzip } = measureBundle();
    expect(initialGzip).toBeGreaterThan(0);
    expect(initialGzip).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
  });

  it("loads the admin pages and the customer portal as separate lazy chunks", () => {
    const { initial, lazy } = measureBundle();
    const names = lazy.map((c: { file: string }) => c.file).join(" ");
    expect(names).toMatch(/admin-/);
    expect(names).toMatch(/portal-/);
    expect(initial.map((c: { file: string }) => c.file).join(" ")).not.toMatch(/admin-|portal-/);
  });
});
