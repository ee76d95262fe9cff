// `npm run bench`: latency of the ticket API at 10,000 and 100,000 tickets.
//
// One tenant is seeded into a throw-away local D1 (.wrangler/bench-api/, never the developer's
// data): 10k tickets first, then a copy of that database grows to 100k (30k → 300k articles).
// A real `wrangler dev` serves each database and the client measures through HTTP with API
// tokens: sequential requests, a warm-up first, then p50/p95 per query kind. Requests go round
// robin over the query kinds and alternate between the 10k and the 100k server, so that load
// from other processes on the machine weighs on every cell alike and growth stays meaningful.
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { run, startDevServer } from "../dev-server.mjs";
import { SEARCH_TERMS, prng } from "./api-corpus.mjs";
import { counts, customerTokens, openD1, searchMatches, seedPeople, seedTickets } from "./api-seed.mjs";

const ROOT = ".wrangler/bench-api";
const SIZES = [
  { name: "10k", tickets: 10_000, articles: 30_000, customers: 3_000 },
  { name: "100k", tickets: 100_000, articles: 300_000, customers: 12_000 },
];
const AGENTS = 20;
// Fewer samples for a quick look: BENCH_SAMPLES=50 npm run bench
const WARMUP = Number(process.env.BENCH_WARMUP ?? 40);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const GOAL_P95_MS = 30;
const GOAL_GROWTH = 2;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const secret = randomBytes(32).toString("hex");
const start = async (persistTo) =>
  startDevServer({ port: await freePort(), persistTo, quiet: true, extraArgs: ["--var", `SECRET_KEY:${secret}`] });
// workerd must have let go of the database file before anything else writes to it.
const stop = async (server) => (server.stop(), await new Promise((r) => setTimeout(r, 1000)));

/** Signs the tenant up and creates an API token, exactly as an integration would. */
async function createTenant(origin) {
  const post = (path, body, cookie) =>
    fetch(`${origin}/api/v1${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: origin, ...(cookie && { Cookie: cookie }) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
  const signup = await post("/signup", { name: "Bench Corp", slug: "bench", email: "admin@bench.example", password: "bench-password-123" });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`);
  const cookie = signup.headers.get("set-cookie").split(";")[0];
  const { tenant } = await signup.json();
  const created = await post("/tokens", { name: "bench" }, cookie);
  if (created.status !== 201) throw new Error(`token failed: ${created.status} ${await created.text()}`);
  return { tenantId: tenant.id, token: (await created.json()).token };
}

/** Adds people and tickets up to the size, then reports what the database holds. */
function grow(dir, tenantId, size, round) {
  const db = openD1(dir);
  try {
    const started = performance.now();
    const people = seedPeople(db, tenantId, { agents: AGENTS, customers: size.customers, seed: 100 + round });
    const before = counts(db, tenantId);
    seedTickets(db, tenantId, people, { count: size.tickets - before.tickets, articles: size.articles - before.articles, seed: 200 + round });
    const seedMs = performance.now() - started;
    const held = counts(db, tenantId);
    const matches = Object.fromEntries(SEARCH_TERMS.map((q) => [q, searchMatches(db, tenantId, q)]));
    const ticketIds = db.prepare("SELECT id FROM tickets WHERE tenant_id = ?").all(tenantId).map((t) => t.id);
    const customerKeys = customerTokens(db, tenantId, 40, 400 + round);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    console.log(
      `${size.name}: seeded ${held.tickets} tickets, ${held.articles} articles, ${held.customers} customers, ${held.agents} agents ` +
        `(+${size.tickets - before.tickets} tickets in ${(seedMs / 1000).toFixed(1)} s); statuses ${Object.entries(held.byStatus).map(([s, n]) => `${s} ${n}`).join(", ")}`,
    );
    console.log(`${size.name}: tickets matched by the search terms: ${Object.entries(matches).map(([q, n]) => `"${q}" ${n}`).join(", ")}`);
    return { ...held, seedMs, matches, agentIds: people.agents.map((a) => a.id), ticketIds, customerKeys };
  } finally {
    db.close();
  }
}

/**
 * Requests ([path, token]) per query kind, with parameters varied by a seeded PRNG. The two
 * floors read no tickets: /health is wrangler dev and the Worker alone, /tokens adds token
 * authentication and one small query, so what a ticket query adds on top is visible. All but
 * the last kind run as the tenant's admin.
 */
function requestPlan(data, admin, n) {
  const rng = prng(300);
  const statuses = ["new", "open", "pending", "resolved", "closed", "new,open,pending"];
  const as = (token, path) => Array.from({ length: n }, () => [path(), token]);
  return {
    "floor: GET /health": as(admin, () => "/api/v1/health"),
    "floor: GET /tokens": as(admin, () => "/api/v1/tokens"),
    "list by status": as(admin, () => `/api/v1/tickets?status=${rng.pick(statuses)}`),
    "list by assignee": as(admin, () => `/api/v1/tickets?assigneeId=${rng.next() < 0.1 ? "none" : rng.pick(data.agentIds)}`),
    "full-text search": as(admin, () => `/api/v1/tickets?q=${encodeURIComponent(rng.pick(SEARCH_TERMS))}`),
    "ticket detail": as(admin, () => `/api/v1/tickets/${data.ticketIds[rng.int(data.ticketIds.length)]}`),
    "a customer's tickets": Array.from({ length: n }, () => ["/api/v1/tickets", rng.pick(data.customerKeys)]),
  };
}

/** One GET, timed over the whole response body. */
async function timedGet(origin, token, path) {
  const started = performance.now();
  // A Worker that failed to build leaves wrangler dev holding requests forever: fail instead.
  const res = await fetch(origin + path, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) }).catch((e) => {
    throw new Error(`GET ${path}: ${e.message} (a build error? see wrangler's log under ~/.config/.wrangler/logs)`);
  });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
  const json = JSON.parse(body);
  return { ms, rows: (json.data ?? json.articles ?? []).length };
}

const percentile = (sorted, p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Sequential requests in rounds: each round sends one request of every kind to each size (which
 * size goes first alternates), so that passing load on the machine falls on every cell alike.
 */
async function measure(targets) {
  const kinds = Object.keys(targets[0].plan);
  const samples = targets.map(() => Object.fromEntries(kinds.map((kind) => [kind, { times: [], rows: 0 }])));
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    for (const kind of kinds) {
      for (const k of i % 2 ? [...targets.keys()].reverse() : [...targets.keys()]) {
        const [path, token] = targets[k].plan[kind][i];
        const { ms, rows } = await timedGet(targets[k].origin, token, path);
        if (i < WARMUP) continue;
        samples[k][kind].times.push(ms);
        samples[k][kind].rows += rows;
      }
    }
  }
  return Object.fromEntries(
    targets.map((t, k) => [
      t.name,
      Object.fromEntries(
        kinds.map((kind) => {
          const times = samples[k][kind].times.sort((a, b) => a - b);
          return [kind, { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1), rowsPerAnswer: samples[k][kind].rows / SAMPLES }];
        }),
      ),
    ]),
  );
}

rmSync(ROOT, { recursive: true, force: true });
const dirs = SIZES.map((s) => join(ROOT, s.name));
mkdirSync(dirs[0], { recursive: true });
if (!existsSync("web/dist/index.html")) await run("npx", ["vite", "build", "--logLevel", "warn"]);
await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", dirs[0]], { stdio: "ignore" });
const first = await start(dirs[0]);
const { tenantId, token } = await createTenant(first.url).finally(() => stop(first));

// 10k first; its copy grows to 100k, so the larger tenant holds the smaller one plus 90k tickets.
const data = [];
for (const [round, size] of SIZES.entries()) {
  if (round > 0) cpSync(dirs[round - 1], dirs[round], { recursive: true });
  data.push(grow(dirs[round], tenantId, size, round));
}

const servers = [];
let results;
const load = [];
try {
  for (const dir of dirs) servers.push(await start(dir));
  load.push(loadavg()[0]);
  results = await measure(SIZES.map((s, k) => ({ name: s.name, origin: servers[k].url, plan: requestPlan(data[k], token, WARMUP + SAMPLES) })));
  load.push(loadavg()[0]);
} finally {
  for (const server of servers) await stop(server);
}

const [small, large] = SIZES.map((s) => results[s.name]);
const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), load average ${load.map((l) => l.toFixed(1)).join(" → ")} during the run`;
console.log(`\nedgedesk API through wrangler dev (local D1), one client, ${SAMPLES} sequential requests per query kind and size after ${WARMUP} warm-up`);
console.log(`machine: ${machine}\n`);
console.log("| query | p50 @10k | p95 @10k | p50 @100k | p95 @100k | p95 growth |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const kind of Object.keys(small)) {
  const [a, b] = [small[kind], large[kind]];
  console.log(`| ${kind} | ${a.p50.toFixed(1)} ms | ${a.p95.toFixed(1)} ms | ${b.p50.toFixed(1)} ms | ${b.p95.toFixed(1)} ms | ${(b.p95 / a.p95).toFixed(2)}× |`);
}
const misses = Object.keys(large).filter(
  (kind) => !kind.startsWith("floor") && (large[kind].p95 > GOAL_P95_MS || large[kind].p95 / small[kind].p95 > GOAL_GROWTH),
);
console.log(
  misses.length
    ? `\ngoal missed (every p95 under ${GOAL_P95_MS} ms at 100k, growth under ${GOAL_GROWTH}×): ${misses.join(", ")}`
    : `\ngoal met: every p95 under ${GOAL_P95_MS} ms at 100k and growth under ${GOAL_GROWTH}×`,
);
console.log(
  `\nThe databases stay in ${ROOT}/ for a look at query plans, e.g. npx wrangler d1 execute DB --local ` +
    `--persist-to ${dirs[1]} --command "EXPLAIN QUERY PLAN SELECT …"; figures also in bench-results/api.json`,
);
mkdirSync("bench-results", { recursive: true });
writeFileSync(
  "bench-results/api.json",
  JSON.stringify({ machine, samples: SAMPLES, warmup: WARMUP, sizes: SIZES.map((s, k) => ({ ...s, ...data[k], agentIds: undefined, ticketIds: undefined, customerKeys: undefined, results: results[s.name] })) }, null, 2),
);
