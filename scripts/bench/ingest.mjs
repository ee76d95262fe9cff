// `npm run bench:ingest`: 2,000 mixed mails (new tickets, replies, attachments) through the
// Worker's email() handler (wrangler dev's local Email Routing endpoint) into local D1/R2,
// against the parse-only rate of the same mails (postal-mime alone, in this Node process).
//   BENCH_MAILS=2000 BENCH_CONCURRENCY=8 npm run bench:ingest
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PostalMime from "postal-mime";
import { DEV_ENV, run, startDevServer } from "../dev-server.mjs";

const TOTAL = Number(process.env.BENCH_MAILS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
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

async function parseOnlyRate(mails) {
  for (const m of mails.slice(0, 50)) await PostalMime.parse(m.raw); // warm-up
  const start = performance.now();
  for (const m of mails) await PostalMime.parse(m.raw);
  return mails.length / ((performance.now() - start) / 1000);
}

async function sendAll(url, to, mails) {
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < mails.length) {
      const m = mails[next++];
      const res = await fetch(`${url}/cdn-cgi/handler/email?${new URLSearchParams({ from: m.from, to })}`, { method: "POST", body: m.raw });
      if (!res.ok) failures++;
      await res.arrayBuffer();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { seconds: (performance.now() - start) / 1000, failures };
}

const sql = (persistTo, query) =>
  JSON.parse(
    execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--json", "--command", query], { env: DEV_ENV, stdio: ["ignore", "pipe", "ignore"] }).toString(),
  )[0].results[0];

const persistTo = mkdtempSync(join(tmpdir(), "edgedesk-bench-ingest-"));
let server;
try {
  await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { stdio: "ignore" });
  server = await startDevServer({ port: PORT, persistTo, quiet: true });
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
  await sendAll(server.url, to, warm);

  const parseRate = await parseOnlyRate(mails);
  const { seconds, failures } = await sendAll(server.url, to, mails);
  const endToEnd = mails.length / seconds;
  const stored = sql(persistTo, "select (select count(*) from tickets) as tickets, (select count(*) from articles) as articles, (select count(*) from attachments) as attachments, (select count(*) from failed_mails) as failed");

  console.log(`\ninbound email benchmark: ${mails.length} mails (${counts.new.length} new, ${counts.reply.length} replies, ${counts.attachment.length} with attachments), ${(bytes / 1024 / 1024).toFixed(1)} MiB, concurrency ${CONCURRENCY}`);
  console.log(`stored: ${stored.tickets} tickets, ${stored.articles} articles, ${stored.attachments} attachments, ${stored.failed} failed mails (including 20 warm-up mails); ${failures} HTTP failures`);
  console.log("");
  console.log("| measure | mails/s |");
  console.log("|---|---:|");
  console.log(`| end-to-end: email() → pipeline → D1/R2 (wrangler dev, local) | ${endToEnd.toFixed(0)} |`);
  console.log(`| parse only: postal-mime in Node, same mails | ${parseRate.toFixed(0)} |`);
  console.log(`| ratio end-to-end / parse-only | ${(endToEnd / parseRate).toFixed(3)} (goal ≥ 0.333) |`);
} finally {
  server?.stop();
  rmSync(persistTo, { recursive: true, force: true });
}
