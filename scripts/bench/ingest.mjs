// `npm run bench:ingest`: 2,000 mixed mails (new tickets, replies, attachments) through the
// Worker's email() handler into local D1/R2 under `wrangler dev`, against the parse-only rate
// of the same mails (postal-mime alone) in the same workerd, and in this Node process.
// Mails travel in batches to a bench-only entry (scripts/bench/ingest-worker.ts) that calls
// email() for each, so one local HTTP round trip per mail does not dominate the figure.
//   BENCH_MAILS=2000 BENCH_BATCH=25 BENCH_CONCURRENCY=2 npm run bench:ingest
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PostalMime from "postal-mime";
import { BENCH_DEV_ENV, DEV_ENV, run, startDevServer } from "../dev-server.mjs";

const TOTAL = Number(process.env.BENCH_MAILS ?? 2000);
const BATCH = Number(process.env.BENCH_BATCH ?? 25);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const PORT = Number(process.env.BENCH_PORT ?? 8844);
const SENDERS = 300;

const lorem = "The printer on the third floor stops after every page and shows error E-204. ".repeat(12);
// A deterministic 24 KiB "PDF" and a small PNG, base64 in 76-character lines as mailers send them.
const wrap = (b64) => b64.replace(/.{76}/g, "$&\r\n");
const pdf = wrap(Buffer.from(Array.from({ length: 24 * 1024 }, (_, i) => (i * 31 + 7) % 256)).toString("base64"));
const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

function header({ from, to, subject, messageId, inReplyTo }) {
  return [
    `From: Customer ${from.split("@")[0]} <${from}>`,
    `To: Support <${to}>`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${messageId}`,
    ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`, `References: ${inReplyTo}`] : []),
    "MIME-Version: 1.0",
  ].join("\r\n");
}

/** 50% new tickets, 35% replies to an earlier mail, 15% new tickets with an attachment and an inline image. */
function makeMails(to) {
  const mails = [];
  const opened = [];
  for (let i = 0; i < TOTAL; i++) {
    const from = `customer${i % SENDERS}@bench.example`;
    const messageId = `<bench-${i}-${Date.now().toString(36)}@bench.example>`;
    const kind = i < 100 ? "new" : ["new", "new", "new", "new", "new", "new", "new", "new", "new", "new", "reply", "reply", "reply", "reply", "reply", "reply", "reply", "attachment", "attachment", "attachment"][i % 20];
    let raw;
    if (kind === "reply") {
      // Replies point at a mail sent at least 100 mails earlier, so it is surely stored.
      const parent = opened[Math.floor((i * 7919) % Math.max(1, opened.length - 100))];
      raw = `${header({ from: parent.from, to, subject: `Re: ${parent.subject}`, messageId, inReplyTo: parent.messageId })}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nStill broken, see below.\r\n\r\n> ${lorem}\r\n`;
    } else if (kind === "attachment") {
      const subject = `Invoice question ${i}`;
      raw = [
        header({ from, to, subject, messageId }),
        'Content-Type: multipart/mixed; boundary="MIX"',
        "",
        "--MIX",
        'Content-Type: multipart/related; boundary="REL"',
        "",
        "--REL",
        "Content-Type: text/html; charset=utf-8",
        "",
        `<p>${lorem}</p><p><img src="cid:logo@bench.example"></p>`,
        "--REL",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "Content-ID: <logo@bench.example>",
        "",
        png,
        "--REL--",
        "--MIX",
        'Content-Type: application/pdf; name="invoice.pdf"',
        "Content-Transfer-Encoding: base64",
        'Content-Disposition: attachment; filename="invoice.pdf"',
        "",
        pdf,
        "--MIX--",
        "",
      ].join("\r\n");
      opened.push({ from, subject, messageId });
    } else {
      const subject = `Printer problem number ${i}`;
      raw = `${header({ from, to, subject, messageId })}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${lorem}\r\n`;
      opened.push({ from, subject, messageId });
    }
    mails.push({ kind, from, raw: Buffer.from(raw) });
  }
  return mails;
}

async function nodeParseRate(mails) {
  for (const m of mails.slice(0, 50)) await PostalMime.parse(m.raw); // warm-up
  const start = performance.now();
  for (const m of mails) await PostalMime.parse(m.raw);
  return mails.length / ((performance.now() - start) / 1000);
}

/** Posts the mails in batches (BENCH_CONCURRENCY batches in flight); returns mails/s. */
async function rate(url, path, to, mails) {
  const batches = [];
  for (let i = 0; i < mails.length; i += BATCH) batches.push(mails.slice(i, i + BATCH));
  let next = 0;
  let rejected = 0;
  const worker = async () => {
    while (next < batches.length) {
      // The generated mails are plain ASCII, so they travel as JSON strings unchanged.
      const mailsOfBatch = batches[next++].map((m) => ({ from: m.from, raw: m.raw.toString("latin1") }));
      const res = await fetch(`${url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ to, mails: mailsOfBatch }) });
      if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      rejected += (await res.json()).rejected.length;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { perSecond: mails.length / ((performance.now() - start) / 1000), rejected };
}

const sql = (persistTo, query) =>
  JSON.parse(
    execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--json", "--command", query], { env: DEV_ENV, stdio: ["ignore", "pipe", "ignore"] }).toString(),
  )[0].results[0];

const persistTo = mkdtempSync(join(tmpdir(), "edgedesk-bench-ingest-"));
let server;
try {
  await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { stdio: "ignore" });
  // Serve a bundle built once and a copy of the web assets: wrangler dev restarts the Worker
  // whenever a source file or an asset changes, and other work in the same tree (a web build)
  // must not restart it in the middle of a run.
  const bundleDir = join(persistTo, "bundle");
  const assetsDir = join(persistTo, "assets");
  await run("npx", ["wrangler", "deploy", "--dry-run", "--outdir", bundleDir, "scripts/bench/ingest-worker.ts"], { stdio: "ignore" });
  mkdirSync(assetsDir);
  writeFileSync(join(assetsDir, "index.html"), "<!doctype html><title>bench</title>");
  // Without the queue's consumer: the notifications and acknowledgments a mail calls for are
  // queued as jobs (that much is measured); working them out happens in other isolates in
  // production, here it would share this one workerd (bench:outbound measures that drain).
  const config = join(persistTo, "wrangler.toml");
  writeFileSync(config, readFileSync("wrangler.toml", "utf8").replace(/\[\[queues\.consumers\]\][^[]*/g, ""));
  server = await startDevServer({
    port: PORT,
    persistTo,
    quiet: true,
    env: BENCH_DEV_ENV,
    extraArgs: [join(bundleDir, "ingest-worker.js"), "--no-bundle", "--config", config, "--assets", assetsDir],
  });
  const slug = `bench-${Date.now().toString(36)}`;
  const signup = await fetch(`${server.url}/api/v1/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: "Bench Inc", slug, email: `admin@${slug}.example`, password: "correct horse battery" }),
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${await signup.text()}`);
  const to = (await signup.json()).tenant.inboundAddress;

  const mails = makeMails(to);
  const counts = Object.groupBy(mails, (m) => m.kind);
  const bytes = mails.reduce((n, m) => n + m.raw.length, 0);
  // Warm the Worker up (first requests compile code and open the databases), outside the timing.
  const warm = makeMails(to).slice(0, 20).map((m) => ({ ...m, raw: Buffer.from(m.raw.toString().replace(/bench-(\d+)-/, "warm-$1-")) }));
  await rate(server.url, "/api/__bench/email", to, warm);
  await rate(server.url, "/api/__bench/parse", to, warm);

  const parseInNode = await nodeParseRate(mails);
  const parseInWorkerd = await rate(server.url, "/api/__bench/parse", to, mails);
  const endToEnd = await rate(server.url, "/api/__bench/email", to, mails);
  const r2Floor = await rate(server.url, "/api/__bench/r2", to, mails);
  const d1Floor = await rate(server.url, "/api/__bench/d1", to, mails);
  const stored = sql(persistTo, "select (select count(*) from tickets) as tickets, (select count(*) from articles) as articles, (select count(*) from attachments) as attachments, (select count(*) from failed_mails) as failed");

  console.log(`\ninbound email benchmark: ${mails.length} mails (${counts.new?.length ?? 0} new, ${counts.reply?.length ?? 0} replies, ${counts.attachment?.length ?? 0} with attachments), ${(bytes / 1024 / 1024).toFixed(1)} MiB, batches of ${BATCH}, ${CONCURRENCY} in flight`);
  console.log(`stored: ${stored.tickets} tickets, ${stored.articles} articles, ${stored.attachments} attachments, ${stored.failed} failed mails (counts include 20 warm-up mails); ${endToEnd.rejected} rejected`);
  console.log("");
  console.log("| measure | mails/s |");
  console.log("|---|---:|");
  console.log(`| end-to-end: email() → R2 raw → pipeline → D1/R2, notification job queued (wrangler dev, local) | ${endToEnd.perSecond.toFixed(0)} |`);
  console.log(`| parse only: postal-mime in the same workerd, same mails | ${parseInWorkerd.perSecond.toFixed(0)} |`);
  console.log(`| parse only: postal-mime in Node, same mails | ${parseInNode.toFixed(0)} |`);
  console.log(`| ratio end-to-end / parse-only in workerd | ${(endToEnd.perSecond / parseInWorkerd.perSecond).toFixed(3)} (goal ≥ 0.333) |`);
  console.log(`| ratio end-to-end / parse-only in Node | ${(endToEnd.perSecond / parseInNode).toFixed(3)} (goal ≥ 0.333) |`);
  console.log("");
  console.log("Floors of the local platform, same run, same batches (what one mail costs at least):");
  console.log(`| one local R2 put per mail (raw message) | ${r2Floor.perSecond.toFixed(0)} |`);
  console.log(`| one trivial local D1 query per mail, sequential | ${d1Floor.perSecond.toFixed(0)} |`);
} finally {
  server?.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
