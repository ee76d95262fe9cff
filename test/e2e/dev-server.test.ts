import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error plain ESM helper shared with npm start
import { run, startDevServer } from "../../scripts/dev-server.mjs";

let server: { url: string; stop: () => void };
const persistTo = mkdtempSync(join(tmpdir(), "edgedesk-e2e-"));

beforeAll(async () => {
  await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { stdio: "ignore" });
  server = await startDevServer({ port: 8799, persistTo, quiet: true });
});
afterAll(() => server?.stop());

describe("wrangler dev", () => {
  it("serves the API and the web app from one Worker", async () => {
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(await health.json()).toEqual({ ok: true });
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(doc.paths["/api/v1/tickets"]).toBeDefined();
  });
});
