// Seeds the API benchmark's tenant straight into the local D1 SQLite file while wrangler dev is
// stopped. Rows go through the real tables of the migrations, and the full-text triggers
// (migrations/0005_ticket_search.sql) index every subject and message as they do for rows the
// Worker writes.
import { createHash, randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { conversation, personName, prng } from "./api-corpus.mjs";

// node:sqlite (Node >= 22.5, which `npm run` puts first on PATH) warns on import that it is
// experimental; keep that line out of the figures.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => (String(warning).includes("SQLite") ? undefined : emitWarning.call(process, warning, ...rest));
const { DatabaseSync } = await import("node:sqlite").catch(() => {
  throw new Error(`node:sqlite is missing from Node ${process.version}: run the benchmark with \`npm run bench\` (Node 22 from node_modules)`);
});

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

/** The D1 database file that `wrangler dev --persist-to dir` uses for the DB binding. */
export function d1File(persistDir) {
  const dir = join(persistDir, "v3", "d1", "miniflare-D1DatabaseObject");
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one D1 database in ${dir}, found ${files.length}`);
  return join(dir, files[0]);
}

export function openD1(persistDir) {
  const db = new DatabaseSync(d1File(persistDir));
  db.exec("PRAGMA synchronous = OFF");
  return db;
}

const CATEGORY_NAMES = [
  { en: "Billing", de: "Abrechnung", fr: "Facturation" },
  { en: "Technical support", de: "Technischer Support", fr: "Support technique" },
  { en: "Shipping", de: "Versand", fr: "Expédition" },
  { en: "Returns", de: "Rücksendungen", fr: "Retours" },
  { en: "Sales", de: "Vertrieb", fr: "Ventes" },
  { en: "Account", de: "Konto", fr: "Compte" },
];

function insertUser(db, tenantId, role, name, email, company, now) {
  const { lastInsertRowid: id } = db
    .prepare("INSERT INTO users (tenant_id, role, name, company, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)")
    .run(tenantId, role, name, company, now, now);
  db.prepare("INSERT INTO user_emails (tenant_id, user_id, email, is_primary) VALUES (?, ?, ?, 1)").run(tenantId, id, email);
  return Number(id);
}

/**
 * Agents, categories and customers of the tenant. Called again to grow: adds customers up to
 * `customers` and returns every id, so later tickets spread over old and new customers.
 */
export function seedPeople(db, tenantId, { agents, customers, seed, now = Date.now() }) {
  const rng = prng(seed);
  db.exec("BEGIN");
  try {
    const existing = (role) => db.prepare("SELECT id, name FROM users WHERE tenant_id = ? AND role = ? ORDER BY id").all(tenantId, role);
    for (let i = existing("agent").length; i < agents; i++) {
      insertUser(db, tenantId, "agent", personName(rng), `agent${i + 1}@bench.example`, null, now);
    }
    let categories = db.prepare("SELECT id FROM categories WHERE tenant_id = ? ORDER BY id").all(tenantId);
    if (categories.length < 1 + CATEGORY_NAMES.length) {
      for (const names of CATEGORY_NAMES) {
        db.prepare("INSERT INTO categories (tenant_id, names, active, created_at) VALUES (?, ?, 1, ?)").run(tenantId, JSON.stringify(names), now);
      }
      categories = db.prepare("SELECT id FROM categories WHERE tenant_id = ? ORDER BY id").all(tenantId);
    }
    for (let i = existing("customer").length; i < customers; i++) {
      // Three in five customers write from a company; companies have several people.
      const company = rng.next() < 0.6 ? `Company ${1 + rng.int(Math.ceil(customers / 8))}` : null;
      const domain = company ? `${company.toLowerCase().replace(/\s+/g, "")}.example` : "mail.example";
      insertUser(db, tenantId, "customer", personName(rng), `customer${i + 1}@${domain}`, company, now);
    }
    db.exec("COMMIT");
    return { agents: existing("agent"), customers: existing("customer"), categoryIds: categories.map((c) => c.id) };
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}

/** Status by age: recent tickets are still being worked on, old ones are mostly closed. */
function statusFor(rng, ageDays) {
  if (ageDays < 3) return rng.weighted([["new", 45], ["open", 35], ["pending", 15], ["resolved", 5]]);
  if (ageDays < 14) return rng.weighted([["new", 10], ["open", 35], ["pending", 25], ["resolved", 20], ["closed", 10]]);
  if (ageDays < 60) return rng.weighted([["open", 8], ["pending", 7], ["resolved", 25], ["closed", 60]]);
  return rng.weighted([["open", 1], ["pending", 1], ["resolved", 8], ["closed", 90]]);
}

/** Articles per ticket: 1–8, then nudged so that the batch has exactly `total` articles. */
function articleCounts(rng, tickets, total) {
  const counts = Array.from({ length: tickets }, () => rng.weighted([[1, 20], [2, 25], [3, 20], [4, 15], [5, 10], [6, 5], [7, 3], [8, 2]]));
  let diff = total - counts.reduce((s, n) => s + n, 0);
  while (diff !== 0) {
    const i = rng.int(tickets);
    if (diff > 0 && counts[i] < 8) (counts[i]++, diff--);
    else if (diff < 0 && counts[i] > 1) (counts[i]--, diff++);
  }
  return counts;
}

const TAGS = ["vip", "escalated", "follow-up", "bug", "refund", "feedback", "urgent-customer", "enterprise", "churn-risk", "onboarding"];

/**
 * Adds `count` tickets with `articles` articles in total, created over the year before `now`
 * in time order, with plausible statuses, assignees, customers, tags and subscribers.
 */
export function seedTickets(db, tenantId, people, { count, articles, seed, now = Date.now() }) {
  const rng = prng(seed);
  const { agents, customers, categoryIds } = people;
  const createdTimes = Array.from({ length: count }, () => now - Math.floor(rng.next() * 365 * DAY)).sort((a, b) => a - b);
  const counts = articleCounts(rng, count, articles);
  const firstNumber = db.prepare("SELECT next_ticket_number AS n FROM tenants WHERE id = ?").get(tenantId).n;

  const insertTicket = db.prepare(`INSERT INTO tickets (tenant_id, number, subject, status, priority, category_id, assignee_id, customer_id,
      channel, due_at, created_at, updated_at, first_response_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertArticle = db.prepare(`INSERT INTO articles (tenant_id, ticket_id, channel, direction, internal, from_addr, to_addrs, subject,
      body_text, message_id, in_reply_to, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertTag = db.prepare("INSERT INTO ticket_tags (tenant_id, ticket_id, tag) VALUES (?, ?, ?)");
  const insertSubscriber = db.prepare("INSERT INTO ticket_subscribers (tenant_id, ticket_id, user_id) VALUES (?, ?, ?)");
  const email = db.prepare("SELECT email FROM user_emails WHERE tenant_id = ? AND user_id = ? AND is_primary = 1");
  const emailOf = new Map();
  const addressOf = (user) => {
    if (!emailOf.has(user.id)) emailOf.set(user.id, email.get(tenantId, user.id).email);
    return { name: user.name, address: emailOf.get(user.id) };
  };

  db.exec("BEGIN");
  try {
    for (let i = 0; i < count; i++) {
      const number = firstNumber + i;
      const createdAt = createdTimes[i];
      const status = statusFor(rng, (now - createdAt) / DAY);
      const customer = customers[rng.skewed(customers.length, 2)];
      const agent = agents[rng.skewed(agents.length, 1.4)];
      const assigned = status === "new" ? rng.next() < 0.3 : rng.next() < 0.97;
      const channel = rng.weighted([["email", 70], ["web", 15], ["phone", 7], ["twitter", 5], ["api", 3]]);
      const talk = conversation(rng, counts[i], customer.name, agent.name);

      // Articles follow each other by minutes to days; the last one is the ticket's last activity.
      const times = [createdAt];
      for (let a = 1; a < counts[i]; a++) times.push(Math.min(now, times[a - 1] + Math.floor(rng.next() * 48 * HOUR) + 5 * 60 * 1000));
      const firstOut = talk.texts.findIndex((t) => t.kind === "out");
      const done = status === "resolved" || status === "closed";
      const updatedAt = Math.min(now, times.at(-1) + (done ? Math.floor(rng.next() * 72 * HOUR) : 0));

      const { lastInsertRowid } = insertTicket.run(
        tenantId, number, talk.subject, status,
        rng.weighted([["normal", 70], ["low", 10], ["high", 15], ["urgent", 5]]),
        rng.weighted(categoryIds.map((id, k) => [id, k === 0 ? 4 : 2])),
        assigned ? agent.id : null, customer.id, channel,
        !done && rng.next() < 0.2 ? updatedAt + Math.floor(rng.next() * 7 * DAY) : null,
        createdAt, updatedAt, firstOut >= 0 ? times[firstOut] : null, done ? updatedAt : null,
      );
      const ticketId = Number(lastInsertRowid);

      let previousMessageId = null;
      talk.texts.forEach((t, a) => {
        const fromCustomer = t.kind === "in";
        const messageId = channel === "email" && t.kind !== "note" ? `<bench-${tenantId}-${number}-${a}@mail.example>` : null;
        insertArticle.run(
          tenantId, ticketId, channel, fromCustomer ? "in" : "out", t.kind === "note" ? 1 : 0,
          JSON.stringify(addressOf(fromCustomer ? customer : agent)),
          JSON.stringify(t.kind === "note" ? [] : [addressOf(fromCustomer ? agent : customer)]),
          a === 0 ? talk.subject : `Re: ${talk.subject}`, t.text, messageId, messageId ? previousMessageId : null,
          fromCustomer ? customer.id : agent.id, times[a],
        );
        if (messageId) previousMessageId = messageId;
      });

      if (rng.next() < 0.4) {
        const tags = new Set([rng.pick(TAGS), ...(rng.next() < 0.3 ? [talk.topic] : [])]);
        for (const tag of tags) insertTag.run(tenantId, ticketId, tag);
      }
      if (rng.next() < 0.1) insertSubscriber.run(tenantId, ticketId, customers[rng.int(customers.length)].id);
    }
    db.prepare("UPDATE tenants SET next_ticket_number = ? WHERE id = ?").run(firstNumber + count, tenantId);
    db.exec("COMMIT");
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}

/**
 * API tokens for `n` customers, stored as the API stores them (SHA-256 only), so the bench can
 * read the ticket list as customers see it. Picks customers with many tickets and with few.
 */
export function customerTokens(db, tenantId, n, seed) {
  const rng = prng(seed);
  const customers = db
    .prepare(`SELECT customer_id AS id, count(*) AS tickets FROM tickets WHERE tenant_id = ? AND customer_id IS NOT NULL
      GROUP BY customer_id ORDER BY tickets DESC, customer_id`)
    .all(tenantId);
  const insert = db.prepare("INSERT INTO api_tokens (tenant_id, user_id, name, token_hash, created_at) VALUES (?, ?, 'bench', ?, ?)");
  return Array.from({ length: n }, (_, i) => {
    // Half from the busiest tenth, half from everyone: a portal has both kinds of customer.
    const { id } = customers[i % 2 ? rng.int(Math.ceil(customers.length / 10)) : rng.int(customers.length)];
    const token = `edk_${randomBytes(32).toString("base64url")}`;
    insert.run(tenantId, id, createHash("sha256").update(token).digest("hex"), Date.now());
    return token;
  });
}

/** How many of the tenant's tickets a search matches, with the API's FTS query (worker/tickets/repo.ts). */
export function searchMatches(db, tenantId, q) {
  const match = q.split(/\s+/).filter(Boolean).map((w) => `"${w.replace(/"/g, '""')}"`).join(" ");
  return db
    .prepare(`SELECT count(*) AS n FROM tickets WHERE tenant_id = ? AND merged_into_id IS NULL
        AND id IN (SELECT rowid >> 32 FROM ticket_search WHERE ticket_search MATCH ?)`)
    .get(tenantId, match).n;
}

export function counts(db, tenantId) {
  const n = (sql) => db.prepare(sql).get(tenantId).n;
  return {
    tickets: n("SELECT count(*) AS n FROM tickets WHERE tenant_id = ?"),
    articles: n("SELECT count(*) AS n FROM articles WHERE tenant_id = ?"),
    customers: n("SELECT count(*) AS n FROM users WHERE tenant_id = ? AND role = 'customer'"),
    agents: n("SELECT count(*) AS n FROM users WHERE tenant_id = ? AND role = 'agent'"),
    byStatus: Object.fromEntries(db.prepare("SELECT status, count(*) AS n FROM tickets WHERE tenant_id = ? GROUP BY status").all(tenantId).map((r) => [r.status, r.n])),
  };
}
