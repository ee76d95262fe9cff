// Starts `wrangler dev` in its own process group so that stopping it also stops workerd
// (killing only the npx process would leave workerd holding the port).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";

export const DEV_ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/**
 * For benchmarks: `wrangler dev` without its development aids that cost CPU in the same
 * workerd on every call and do not exist in production — the trace collector of local
 * observability, the local explorer, and the dev registry (without it, a queue message
 * with no consumer in this session is dropped at once instead of being offered to other
 * sessions through the Node process).
 */
export const BENCH_DEV_ENV = { WRANGLER_REGISTRY_PATH: "", X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" };

/** Runs a command to completion, inheriting stdio; rejects on a non-zero exit. */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: DEV_ENV, ...options });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}`))));
  });
}

/** Local secrets live in .dev.vars (git-ignored); production sets them with `wrangler secret put`. */
function ensureDevVars() {
  if (!existsSync(".dev.vars")) writeFileSync(".dev.vars", `SECRET_KEY=${randomBytes(32).toString("hex")}\n`);
}

/** Starts wrangler dev on host:port and resolves once /api/v1/health answers. */
export async function startDevServer({ port = 8787, persistTo, extraArgs = [], quiet = false, env = {} } = {}) {
  ensureDevVars();
  const args = ["wrangler", "dev", "--local", "--ip", "127.0.0.1", "--port", String(port), ...(persistTo ? ["--persist-to", persistTo] : []), ...extraArgs];
  const child = spawn("npx", args, { detached: true, stdio: quiet ? "ignore" : "inherit", env: { ...DEV_ENV, ...env } });
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) return { url, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error("wrangler dev did not become ready within 60 s");
}
