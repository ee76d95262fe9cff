// `npm run bench:realtime`: 50 agents' WebSockets on one ticket's TicketRoom; how long from one
// client sending "typing" until every other client has received it (p50/p95/max), against a
// real `wrangler dev` on a throw-away state directory. Typing events are sent one at a time,
// from a different client each round (rounds at least 10 ms apart), after a warm-up.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { run, startDevServer } from "../dev-server.mjs";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const GOAL_P95_MS = 50;
// Rounds start at least this far apart, so each client types every CLIENTS × ROUND_GAP_MS
// (500 ms): like a person, and above the room's flood guard (250 ms per client).
const ROUND_GAP_MS = 10;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function api(origin, method, path, body, auth = {}) {
  const res = await fetch(`${origin}/api/v1${path}`, {
    method,
    headers: { Origin: origin, "Content-Type": "application/json", ...auth },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  return { body: await res.json(), cookie: res.headers.get("set-cookie")?.split(";")[0] };
}

/** A tenant, one ticket, and an API token per agent (tokens need no Origin on the upgrade). */
async function scene(origin) {
  const slug = `bench-${Date.now().toString(36)}`;
  const { cookie } = await api(origin, "POST", "/signup", { name: "Bench", slug, email: `admin@${slug}.example`, password: "correct horse battery" });
  const admin = { Cookie: cookie };
  const ticket = (await api(origin, "POST", "/tickets", { subject: "Busy ticket", customerEmail: "c@customer.example", text: "hello" }, admin)).body;
  const { token } = (await api(origin, "POST", "/tokens", { name: "bench" }, admin)).body;
  return { ticketId: ticket.id, token };
}

function connect(url, token) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
    ws.onopen = () => resolve(ws);
    ws.onerror = (e) => reject(new Error(`WebSocket failed: ${e.message ?? e.type}`));
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (n) => Math.round(n * 100) / 100;
  return { n: sorted.length, p50: r(percentile(sorted, 50)), p95: r(percentile(sorted, 95)), max: r(sorted.at(-1)) };
};

const persistTo = mkdtempSync(join(tmpdir(), "edgedesk-bench-rt-"));
await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { stdio: "ignore" });
const server = await startDevServer({ port: await freePort(), persistTo, quiet: true, extraArgs: ["--var", `SECRET_KEY:${randomBytes(32).toString("hex")}`] });
try {
  const { ticketId, token } = await scene(server.url);
  const url = `${server.url.replace("http", "ws")}/api/v1/tickets/${ticketId}/live`;
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(await connect(url, token));

  // One pending round at a time: resolves when all other clients have seen the ref.
  let pending = null;
  clients.forEach((ws, i) =>
    ws.addEventListener("message", (e) => {
      if (!pending || typeof e.data !== "string" || !e.data.includes(pending.ref)) return;
      const m = JSON.parse(e.data);
      if (m.t !== "typing" || m.ref !== pending.ref || i === pending.sender) return;
      pending.deliveries.push(performance.now() - pending.sentAt);
      if (pending.deliveries.length === CLIENTS - 1) pending.done();
    }),
  );

  const allOthers = [];
  const perDelivery = [];
  for (let round = 0; round < WARMUP + SAMPLES; round++) {
    const started = performance.now();
    const sender = round % CLIENTS;
    const ref = `r${round}`;
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`round ${round}: only ${pending.deliveries.length} of ${CLIENTS - 1} clients received typing within 5 s`)), 5000);
      pending = { ref, sender, sentAt: performance.now(), deliveries: [], done: () => (clearTimeout(timer), resolve()) };
      clients[sender].send(JSON.stringify({ t: "typing", ref }));
    });
    if (round >= WARMUP) {
      allOthers.push(Math.max(...pending.deliveries));
      perDelivery.push(...pending.deliveries);
    }
    const rest = ROUND_GAP_MS - (performance.now() - started);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
  clients.forEach((ws) => ws.close());

  const result = {
    clients: CLIENTS,
    samples: SAMPLES,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`,
    typingToAllOthersMs: summary(allOthers),
    typingToEachReceiverMs: summary(perDelivery),
    goalP95Ms: GOAL_P95_MS,
  };
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/realtime.json", JSON.stringify(result, null, 2));
  const a = result.typingToAllOthersMs;
  const d = result.typingToEachReceiverMs;
  console.log(`\nrealtime: ${CLIENTS} WebSocket clients on one TicketRoom, ${SAMPLES} typing events (after ${WARMUP} warm-up), ${result.machine}`);
  console.log(`  typing → all ${CLIENTS - 1} others received   p50 ${a.p50} ms   p95 ${a.p95} ms   max ${a.max} ms   (goal p95 < ${GOAL_P95_MS} ms: ${a.p95 < GOAL_P95_MS ? "met" : "NOT met"})`);
  console.log(`  typing → one receiver (each delivery)  p50 ${d.p50} ms   p95 ${d.p95} ms   max ${d.max} ms`);
  console.log("  written to bench-results/realtime.json");
} finally {
  server.stop();
}
