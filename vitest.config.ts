import { defineConfig } from "vitest/config";
import { trustTestCa } from "./test/setup/trust-test-ca";

// Before miniflare loads: it reads the extra CAs for workerd's outbound TLS once, on import.
trustTestCa();
const { cloudflareTest, readD1Migrations } = await import("@cloudflare/vitest-plugin");

export default defineConfig({
  test: {
    projects: [
      {
        // Unit and integration tests inside workerd, on the real migrations and bindings.
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
                SECRET_KEY: "test-secret-key-not-for-production",
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**"],
          setupFiles: ["./test/setup/apply-migrations.ts"],
          // Reads mail fixtures and the external corpus in Node and provides them to workerd.
          globalSetup: ["./test/inbound/load-mail.ts", "./test/outbound/mail-sinks.ts"],
          testTimeout: 20_000,
        },
      },
      {
        // End-to-end tests in Node against a real `wrangler dev` (and a real browser).
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
