import { describe, expect, inject, it } from "vitest";
import { deliver as deliverMail } from "../inbound/mail";
import { addStaff, signUp, type SignedUpTenant } from "../helpers/api";
import { notificationsOf } from "../notify/helpers";
import { deliveriesOf, sentViaBinding, sentViaSmtp, ticketFromCustomerMail, uniqueAddress, type SentMail } from "./helpers";

/** The customer's mail client answering `mail`: quoting it, threading under it, to its Reply-To. */
function answer(mail: SentMail, customer: string, text: string) {
  const p = mail.parsed;
  const references = [...(p.references?.split(/\s+/).filter(Boolean) ?? []), p.messageId!];
  const raw = [
    `From: Customer <${customer}>`,
    `To: ${p.replyTo![0]!.address}`,
    `Subject: Re: ${p.subject}`,
    `Message-ID: <answer-${crypto.randomUUID()}@customer.example>`,
    `In-Reply-To: ${p.messageId}`,
    `References: ${references.join(" ")}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    text,
    "",
    `> ${p.text?.split("\n")[0] ?? ""}`,
    "",
  ].join("\r\n");
  return { raw: new TextEncoder().encode(raw), to: p.replyTo![0]!.address! };
}

/** Delivers through the Worker's email() export; a rejection fails the test. */
async function deliver(raw: Uint8Array<ArrayBuffer>, envelope: { from: string; to: string }) {
  expect((await deliverMail(raw, envelope)).rejected).toBeNull();
}

async function articlesOf(t: SignedUpTenant, ticketId: number) {
  return (await t.admin.get<{ data: { text: string; direction: string }[] }>(`/tickets/${ticketId}/articles`)).data;
}

describe("a customer answering our mail lands in the same ticket", () => {
  it("after an agent's reply through the send_email binding", async () => {
    const t = await signUp("roundtrip");
    const { client: agent } = await addStaff(t, "Lea");
    const email = uniqueAddress("max");
    const customer = await t.admin.post("/users", { role: "customer", name: "Max", emails: [email] });
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Router blinkt rot", messageId: `<start-${email}>` });
    const reply = await agent.post(`/tickets/${ticketId}/articles`, { text: "Please restart it." });
    await deliveriesOf(t, ticketId, reply.id, (d) => d[0]?.status === "sent");

    const [sent] = await sentViaBinding(email);
    const { raw, to } = answer(sent!, email, "Restarted, it is green now. Thanks!");
    await deliver(raw, { from: email, to });

    const articles = await articlesOf(t, ticketId);
    expect(articles.map((a) => [a.direction, a.text.split(/\r?\n/)[0]!])).toEqual([
      ["in", "Hello, my printer is broken."],
      ["out", "Please restart it."],
      ["in", "Restarted, it is green now. Thanks!"],
    ]);
    expect((await t.admin.get<{ data: unknown[] }>("/tickets?limit=10")).data).toHaveLength(1);
  });

  it("after a reply through the SMTP relay, matched by our signed Message-ID alone", async () => {
    const t = await signUp("roundsmtp");
    await t.admin.json("PUT", "/settings/smtp", { host: "127.0.0.1", port: inject("smtpPort"), security: "none", username: "relay-user", password: "relay-pass" });
    const { client: agent } = await addStaff(t, "Tom");
    const email = uniqueAddress("ivy");
    const customer = await t.admin.post("/users", { role: "customer", name: "Ivy", emails: [email] });
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Login fails", messageId: `<login-${email}>` });
    const reply = await agent.post(`/tickets/${ticketId}/articles`, { text: "Try resetting your password." });
    await deliveriesOf(t, ticketId, reply.id, (d) => d[0]?.status === "sent");

    const [sent] = await sentViaSmtp(email);
    // A client that keeps only In-Reply-To and rewrites the subject: our signed id alone must do.
    const { raw, to } = answer(sent!, email, "That worked.");
    const stripped = new TextDecoder()
      .decode(raw)
      .replace(/^References: .*\r\n/m, "")
      .replace(/^Subject: .*$/m, "Subject: thanks");
    await deliver(new TextEncoder().encode(stripped), { from: email, to });
    expect((await articlesOf(t, ticketId)).at(-1)!.text).toContain("That worked.");
  });

  it("after the acknowledgment of a new ticket that came in by email", async () => {
    const t = await signUp("roundack");
    const email = uniqueAddress("uma");
    await t.admin.post("/users", { role: "customer", name: "Uma Ünal", emails: [email] });
    const first = [
      `From: Uma Ünal <${email}>`,
      `To: ${t.tenant.inboundAddress}`,
      "Subject: Bestellung 881 fehlt",
      `Message-ID: <order-881-${email}>`,
      `Date: ${new Date().toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Wo bleibt meine Bestellung?",
      "",
    ].join("\r\n");
    await deliver(new TextEncoder().encode(first), { from: email, to: t.tenant.inboundAddress });
    const [ticket] = (await t.admin.get<{ data: { id: number; number: number }[] }>("/tickets?limit=10")).data;

    const [ack] = await sentViaBinding(email);
    expect(ack!.parsed.subject).toBe(`We received your request: Bestellung 881 fehlt [#${ticket!.number}]`);
    expect(ack!.parsed.headers.find((h) => h.key === "auto-submitted")?.value).toBe("auto-generated");
    expect(ack!.parsed.inReplyTo).toBe(`<order-881-${email}>`);
    expect(ack!.parsed.text).toContain("Hello Uma,");

    const { raw, to } = answer(ack!, email, "Noch eine Frage: Lieferadresse geändert.");
    await deliver(raw, { from: email, to });
    expect((await articlesOf(t, ticket!.id)).map((a) => a.text.split(/\r?\n/)[0]!)).toEqual(["Wo bleibt meine Bestellung?", "Noch eine Frage: Lieferadresse geändert."]);
  });

  it("never acknowledges mail from a no-reply sender", async () => {
    const t = await signUp("noack");
    const agent = await t.admin.post("/users", { role: "agent", name: "Ann", emails: [`ann@${t.tenant.slug}.example`] });
    const sender = `noreply-${Date.now().toString(36)}@shop.example`;
    const raw = [
      `From: Shop <${sender}>`,
      `To: ${t.tenant.inboundAddress}`,
      "Subject: Your order shipped",
      `Message-ID: <ship-${crypto.randomUUID()}@shop.example>`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Tracking: 123",
      "",
    ].join("\r\n");
    await deliver(new TextEncoder().encode(raw), { from: sender, to: t.tenant.inboundAddress });
    const [ticket] = (await t.admin.get<{ data: { id: number }[] }>("/tickets?limit=10")).data;
    // The agent's notice and the acknowledgment come from one notification job: once the notice is there, so would the acknowledgment be.
    const mails = await notificationsOf(t.tenant.id, ticket!.id, 1);
    expect(mails.map((m) => m.to.map((a) => a.address))).toEqual([agent.emails]);
  });
});
