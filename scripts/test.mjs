// `npm test`: every suite, then one plain "N passed, N failed" line for CI.
// System packages a suite needs are installed here (apt, as root) or named in a clear failure.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { run } from "./dev-server.mjs";
import { ensureSystemPackages } from "./system-packages.mjs";

await ensureSystemPackages();
// wrangler.toml points the assets binding at web/dist, which must exist before any Worker starts.
await run("npx", ["vite", "build", "--logLevel", "warn"]);
mkdirSync("test-results", { recursive: true });

let failedToRun = false;
try {
  await run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json", ...process.argv.slice(2)]);
} catch {
  failedToRun = true;
}

let passed = 0;
let failed = 0;
if (existsSync("test-results/vitest.json")) {
  const report = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numFailedTestSuites ?? 0);
}
if (failedToRun && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
