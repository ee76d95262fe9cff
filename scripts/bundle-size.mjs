// Prints the web app's JavaScript sizes after `vite build` and checks the agent app's
// initial JS (the entry chunk plus everything it imports statically) against the budget.
// Lazy chunks (admin pages, customer portal) load on demand and are listed separately.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

export const INITIAL_JS_BUDGET_BYTES = 60 * 1024;

const dist = fileURLToPath(new URL("../web/dist/", import.meta.url));
const gz = (file) => gzipSync(readFileSync(dist + file), { level: 9 }).length;

/** Gzip sizes of the initial JS and of each lazy chunk, read from vite's manifest. */
export function measureBundle() {
  const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, "utf8"));
  const entry = Object.values(manifest).find((c) => c.isEntry);
  const initial = new Set();
  const visit = (key) => {
    const chunk = manifest[key] ?? Object.values(manifest).find((c) => c.file === key);
    if (!chunk || initial.has(chunk.file)) return;
    initial.add(chunk.file);
    (chunk.imports ?? []).forEach(visit);
  };
  visit(Object.keys(manifest).find((k) => manifest[k] === entry));
  const lazy = Object.values(manifest).filter((c) => c.file.endsWith(".js") && !initial.has(c.file));
  return {
    initial: [...initial].map((file) => ({ file, gzip: gz(file) })),
    initialGzip: [...initial].reduce((n, file) => n + gz(file), 0),
    lazy: lazy.map((c) => ({ file: c.file, gzip: gz(c.file) })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { initial, initialGzip, lazy } = measureBundle();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log("\nweb app JavaScript (gzip):");
  for (const c of initial) console.log(`  initial  ${c.file}  ${kb(c.gzip)}`);
  for (const c of lazy) console.log(`  lazy     ${c.file}  ${kb(c.gzip)}`);
  const ok = initialGzip <= INITIAL_JS_BUDGET_BYTES;
  console.log(`  initial total ${kb(initialGzip)} of ${kb(INITIAL_JS_BUDGET_BYTES)} budget${ok ? "" : "  — OVER BUDGET"}`);
  if (!ok) process.exit(1);
}
