import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { parseOurMessageId } from "../../worker/channels/email/message-id";
import { createDb } from "../../worker/db/client";
import { deliveries, outboundMails, smtpRelays } from "../../worker/db/schema";
import { MAX_ATTEMPTS } from "../../worker/outbound/deliver";
import { sweepOutbox, SWEEP_AFTER_MS } from "../../worker/outbound/outbox";
import { OUTBOX_QUEUE } from "../../worker/outbound/queue";
import worker from "../../worker/index";
import { addStaff, signUp, type SignedUpTenant } from "../helpers/api";
import { deliveriesOf, sentViaSmtp, ticketFromCustomerMail, uniqueAddress } from "./helpers";

const relay = (overrides: Record<string, unknown> = {}) => ({
  host: "127.0.0.1",
  port: inject("smtpPort"),
  security: "none",
  username: "relay-user",
  password: "relay-pass",
  ...overrides,
});

/** A port nothing listens on: connecting fails at once, like a relay that is down. */
const DEAD_PORT = 1;

async function emailTicket(t: SignedUpTenant, local = "kim") {
  const email = uniqueAddress(local);
  const customer = await t.admin.post("/users", { role: "customer", name: "Kim Ødegård", emails: [email] });
  const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Lieferung fehlt", messageId: `<order-${email}>` });
  return { email, customer, ticketId };
}

/** Lets the backoff pass: the mail's next try becomes due now. */
async function makeDue(messageId: string) {
  await createDb(env.DB).update(outboundMails).set({ nextAttemptAt: Date.now() - 1 }).where(eq(outboundMails.messageId, messageId));
}

/** Runs the queue consumer on one outbox message, exactly as the queue would. */
async function consume(tenantId: number, messageId: string) {
  const batch = createMessageBatch(OUTBOX_QUEUE, [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 2, body: { tenantId, messageId } }]);
  const ctx = createExecutionContext();
  const queue = worker.queue as unknown as (b: MessageBatch, e: Cloudflare.Env, c: ExecutionContext) => Promise<void>;
  await queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

describe("the tenant's own SMTP relay", () => {
  it("stores the password encrypted and never returns it", async () => {
    const t = await signUp("smtpcfg");
    const saved = await t.admin.json("PUT", "/settings/smtp", relay());
    expect(saved.relay).toEqual({ host: "127.0.0.1", port: inject("smtpPort"), security: "none", username: "relay-user", enabled: true, hasPassword: true });
    expect(JSON.stringify(await t.admin.get("/settings/smtp"))).not.toContain("relay-pass");
    const [row] = await createDb(env.DB).select().from(smtpRelays).where(eq(smtpRelays.tenantId, t.tenant.id));
    expect(row!.passwordEnc).toMatch(/^v1\./);
    expect(row!.passwordEnc).not.toContain("relay-pass");
  });

  it("refuses a relay without a valid host or port with a 400", async () => {
    const t = await signUp("smtpbad");
    const res = await t.admin.request("PUT", "/settings/smtp", relay({ host: "smtp.example.com; rm -rf", port: 70000 }));
    expect(res.status).toBe(400);
    const body = await res.json<any>();
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["host", "port"]);
  });

  it("is only for admins", async () => {
    const t = await signUp("smtprole");
    const { client: agent } = await addStaff(t, "Agent");
    expect((await agent.request("GET", "/settings/smtp")).status).toBe(403);
  });

  it("carries an agent's reply with our signed Message-ID, the thread and a non-ASCII attachment", async () => {
    const t = await signUp("smtpsend");
    await t.admin.json("PUT", "/settings/smtp", relay());
    const { client: agent } = await addStaff(t, "Sam");
    const { email, ticketId } = await emailTicket(t);
    const form = new FormData();
    form.append("file", new File(["Rechnungsnummer 4711"], "Rechnung März.txt", { type: "text/plain" }));
    const upload = await agent.post("/attachments", form);

    const article = await agent.post(`/tickets/${ticketId}/articles`, { text: "Here is the invoice.", attachmentIds: [upload.id] });
    await deliveriesOf(t, ticketId, article.id, (d) => d[0]?.status === "sent");

    const [mail] = await sentViaSmtp(email);
    expect(mail!.envelopeFrom).toBe(`${t.tenant.slug}@edgedesk.localhost`);
    expect(mail!.recipients).toEqual([email]);
    expect(mail!.parsed.messageId).toBe(article.messageId);
    expect(await parseOurMessageId(env.SECRET_KEY, env.MAIL_DOMAIN, mail!.parsed.messageId!)).toEqual({ tenantId: t.tenant.id, ticketId });
    expect(mail!.parsed.inReplyTo).toBe(`<order-${email}>`);
    expect(mail!.parsed.from?.name).toBe("Sam");
    expect(mail!.parsed.attachments.map((a) => [a.filename, a.mimeType])).toEqual([["Rechnung März.txt", "text/plain"]]);
    expect(new TextDecoder().decode(mail!.parsed.attachments[0]!.content as ArrayBuffer)).toBe("Rechnungsnummer 4711");
  });

  it("sends a test mail and reports the server's answer, also when it refuses the login", async () => {
    const t = await signUp("smtptest");
    await t.admin.json("PUT", "/settings/smtp", relay());
    const to = uniqueAddress("postmaster-check");
    const ok = await t.admin.post("/settings/smtp/test", { to });
    expect(ok).toMatchObject({ ok: true, transport: "smtp" });
    expect((await sentViaSmtp(to))[0]!.parsed.subject).toContain("Test mail");

    await t.admin.json("PUT", "/settings/smtp", relay({ password: "wrong" }));
    const refused = await t.admin.post("/settings/smtp/test", { to });
    expect(refused.ok).toBe(false);
    expect(refused.answer).toMatch(/535/);
  });

  it.each([
    ["implicit TLS", "tls", "smtpTlsPort"],
    ["STARTTLS", "starttls", "smtpStartTlsPort"],
  ] as const)("delivers a reply over %s to a server whose certificate it trusts", async (_, security, port) => {
    const t = await signUp(`smtp${security}`);
    await t.admin.json("PUT", "/settings/smtp", relay({ security, port: inject(port) }));
    const { client: agent } = await addStaff(t, "Tia");
    const { email, ticketId } = await emailTicket(t);

    const article = await agent.post(`/tickets/${ticketId}/articles`, { text: "Sent encrypted." });
    expect(await deliveriesOf(t, ticketId, article.id, (d) => d[0]?.status !== "queued")).toEqual([{ recipient: email, status: "sent" }]);
    const [mail] = await sentViaSmtp(email);
    expect(mail!.secure).toBe(true);
    expect(mail!.parsed.messageId).toBe(article.messageId);
  });

  it("refuses a server whose certificate nobody vouches for, and says why", async () => {
    const t = await signUp("smtpuntrusted");
    await t.admin.json("PUT", "/settings/smtp", relay({ security: "tls", port: inject("smtpUntrustedPort") }));
    const to = uniqueAddress("tls-check");
    const refused = await t.admin.post("/settings/smtp/test", { to });
    expect(refused).toMatchObject({ ok: false, transport: "smtp" });
    expect(refused.answer).toMatch(/certificate|TLS|SSL/i);
    const received = await fetch(`${inject("mailSinkUrl")}/smtp?to=${encodeURIComponent(to)}`).then((r) => r.json<unknown[]>());
    expect(received).toEqual([]);

    // The same relay with a certificate from a trusted CA goes through: the certificate was the only difference.
    await t.admin.json("PUT", "/settings/smtp", relay({ security: "tls", port: inject("smtpTlsPort") }));
    expect(await t.admin.post("/settings/smtp/test", { to })).toMatchObject({ ok: true, transport: "smtp" });
    expect(await sentViaSmtp(to)).toHaveLength(1);
  });

  it("keeps a reply while the relay is down and delivers it on a later try", async () => {
    const t = await signUp("smtpdown");
    await t.admin.json("PUT", "/settings/smtp", relay({ port: DEAD_PORT }));
    const { client: agent } = await addStaff(t, "Ana");
    const { email, ticketId } = await emailTicket(t);

    const article = await agent.post(`/tickets/${ticketId}/articles`, { text: "We are on it." });
    const waiting = await deliveriesOf(t, ticketId, article.id, (d) => !!d[0]?.error);
    expect(waiting).toEqual([{ recipient: email, status: "queued", error: expect.stringMatching(/^retrying: smtp:/) }]);
    const [row] = await createDb(env.DB).select().from(outboundMails).where(eq(outboundMails.messageId, article.messageId));
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row!.nextAttemptAt).toBeGreaterThan(Date.now() + 20_000);

    await t.admin.json("PUT", "/settings/smtp", relay());
    await makeDue(article.messageId);
    const result = await consume(t.tenant.id, article.messageId);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await deliveriesOf(t, ticketId, article.id, (d) => d[0]?.status === "sent")).toEqual([{ recipient: email, status: "sent" }]);
    expect((await sentViaSmtp(email))[0]!.parsed.text?.trim()).toBe("We are on it.");
  });

  it("gives up after the last try, shows the failure, and an admin can send it again", async () => {
    const t = await signUp("smtpdead");
    await t.admin.json("PUT", "/settings/smtp", relay({ port: DEAD_PORT }));
    const { client: agent } = await addStaff(t, "Bo");
    const { email, ticketId } = await emailTicket(t);
    const article = await agent.post(`/tickets/${ticketId}/articles`, { text: "Ping." });
    await deliveriesOf(t, ticketId, article.id, (d) => !!d[0]?.error);
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await makeDue(article.messageId);
      await consume(t.tenant.id, article.messageId);
    }
    const [failed] = await deliveriesOf(t, ticketId, article.id, (d) => d[0]?.status === "failed");
    expect(failed!.error).toMatch(new RegExp(`^gave up after ${MAX_ATTEMPTS} tries`));
    const { data } = await t.admin.get("/outbound-mails?status=failed");
    expect(data.map((m: { articleId: number }) => m.articleId)).toEqual([article.id]);

    await t.admin.json("PUT", "/settings/smtp", relay());
    await t.admin.json("POST", `/outbound-mails/${data[0].id}/retry`, undefined, [202]);
    await deliveriesOf(t, ticketId, article.id, (d) => d[0]?.status === "sent");
    expect(await sentViaSmtp(email)).toHaveLength(1);
  });

  it("marks a recipient the server refuses with 550 as failed and never writes to it again", async () => {
    const t = await signUp("smtp550");
    await t.admin.json("PUT", "/settings/smtp", relay());
    const { client: agent } = await addStaff(t, "Cy");
    const { ticketId, email } = await emailTicket(t, "reject-me");
    const first = await agent.post(`/tickets/${ticketId}/articles`, { text: "One." });
    const [refused] = await deliveriesOf(t, ticketId, first.id, (d) => d[0]?.status === "failed");
    expect(refused!.error).toMatch(/550/);

    const second = await agent.post(`/tickets/${ticketId}/articles`, { text: "Two." });
    const [skipped] = await deliveriesOf(t, ticketId, second.id, (d) => d[0]?.status === "failed");
    expect(skipped).toEqual({ recipient: email, status: "failed", error: expect.stringMatching(/^not sent: the address failed permanently/) });
  });
});

describe("the cron sweep", () => {
  it("queues mail again that the delivery queue never picked up", async () => {
    const t = await signUp("sweep");
    await t.admin.json("PUT", "/settings/smtp", relay());
    const { client: agent } = await addStaff(t, "Di");
    const { email, ticketId } = await emailTicket(t, "swept");
    const article = await agent.post(`/tickets/${ticketId}/articles`, { text: "Lost in the queue?" });
    await deliveriesOf(t, ticketId, article.id, (d) => d[0]?.status === "sent");
    // As if the queue had dropped it: queued again in the data, long overdue, nothing enqueued.
    const db = createDb(env.DB);
    await db.update(outboundMails).set({ status: "queued", nextAttemptAt: Date.now() - 120_000 }).where(eq(outboundMails.messageId, article.messageId));
    await db.update(deliveries).set({ status: "queued" }).where(eq(deliveries.articleId, article.id));

    const { createScheduledController, createExecutionContext: ctxFor, waitOnExecutionContext } = await import("cloudflare:test");
    const ctx = ctxFor();
    await worker.scheduled!(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    await deliveriesOf(t, ticketId, article.id, (d) => d[0]?.status === "sent");
    expect(await sentViaSmtp(email, 2)).toHaveLength(2);
  });

  it("puts an overdue mail back on the queue once, not again on each sweep while the queue works through it", async () => {
    const t = await signUp("sweeponce");
    // The relay is down: whatever the consumer does with the job in between, the mail stays queued.
    await t.admin.json("PUT", "/settings/smtp", relay({ port: DEAD_PORT }));
    const { client: agent } = await addStaff(t, "Ed");
    const { ticketId } = await emailTicket(t, "sweptonce");
    const article = await agent.post(`/tickets/${ticketId}/articles`, { text: "Still in the queue?" });
    await deliveriesOf(t, ticketId, article.id, (d) => !!d[0]?.error);
    const db = createDb(env.DB);
    await db.update(outboundMails).set({ nextAttemptAt: Date.now() - 120_000 }).where(eq(outboundMails.messageId, article.messageId));
    const ours = (jobs: { messageId: string }[]) => jobs.filter((j) => j.messageId === article.messageId);

    // Sweeps as the cron would run them, an hour on and 30 s apart.
    const later = Date.now() + 3600_000;
    expect(ours(await sweepOutbox(env, db, later))).toHaveLength(1);
    expect(ours(await sweepOutbox(env, db, later + 30_000))).toEqual([]);
    // Still not taken a minute after it went back on the queue: lost again, so queued again.
    expect(ours(await sweepOutbox(env, db, later + SWEEP_AFTER_MS))).toHaveLength(1);
  });
});
