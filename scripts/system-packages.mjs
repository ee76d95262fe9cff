// Debian packages the test suites need. Installed through apt when running as root;
// otherwise the run fails naming the package, never skipping a suite silently.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

/** [binary that proves the package is there, Debian package name] */
export const SYSTEM_PACKAGES = [
  // Browser end-to-end tests (test/e2e) drive Debian Chromium through playwright-core.
  ["/usr/bin/chromium", "chromium"],
];

export async function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter(([binary]) => !existsSync(binary)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Tests need the Debian packages: ${missing.join(" ")}. Install them with: sudo apt-get install -y ${missing.join(" ")}`);
  }
  console.log(`Installing ${missing.join(" ")} via apt-get …`);
  execSync("apt-get update -qq", { stdio: "inherit" });
  execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(" ")}`, { stdio: "inherit" });
}
