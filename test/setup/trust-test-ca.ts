// Runs in Node before miniflare is loaded (see vitest.config.ts). workerd trusts the public
// roots plus the certificates miniflare reads from NODE_EXTRA_CA_CERTS; adding the test-only
// CA there lets the SMTP relay tests speak implicit TLS and STARTTLS to the loopback sinks
// through the same `cloudflare:sockets` path as production, certificate checks included.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const TEST_CA = fileURLToPath(new URL("../fixtures/tls/ca.pem", import.meta.url));

export function trustTestCa() {
  const already = process.env.NODE_EXTRA_CA_CERTS;
  if (!already) {
    process.env.NODE_EXTRA_CA_CERTS = TEST_CA;
    return;
  }
  // The variable names one file: keep the caller's CAs next to ours.
  const both = join(mkdtempSync(join(tmpdir(), "edgedesk-ca-")), "ca.pem");
  writeFileSync(both, `${readFileSync(already, "utf8")}\n${readFileSync(TEST_CA, "utf8")}`);
  process.env.NODE_EXTRA_CA_CERTS = both;
}
