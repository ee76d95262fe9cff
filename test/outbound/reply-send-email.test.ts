import { describe, expect, it } from "vitest";
import { signUp, addStaff } from "../helpers/api";
import { deliveriesOf, sentViaBinding, ticketFromCustomerMail, uniqueAddress } from "./helpers";

describe("an agent's reply on an email ticket, through the send_email binding", () => {
  it("reaches the customer threaded under their mail, with our Reply-To, tag and encoded names", async () => {
    const t = await signUp("reply");
    const { client: agent, user: agentUser } = await addStaff(t, "Juergen");
    await t.admin.patch(`/users/${agentUser.id}`, { name: "Jürgen Müller" });
    const category = await t.admin.post("/categories", { names: { en: "Billing", de: "Rechnung" } });
    const email = uniqueAddress("zoe");
    const customer = await t.admin.post("/users", { role: "customer", name: "Zoë Ørsted", emails: [email] });
    const ticketId = await ticketFromCustomerMail(t, customer, {
      subject: "Facture erronée – prière de corriger",
      messageId: `<first-${email}>`,
      categoryId: category.id,
    });

    const article = await agent.post(`/tickets/${ticketId}/articles`, { text: "Grüße, we fixed your invoice.", html: "<p>Grüße, we <b>fixed</b> your invoice.</p>" });
    expect(article.deliveries).toEqual([{ recipient: email, status: "queued" }]);

    await deliveriesOf(t, ticketId, article.id, (d) => d.every((x) => x.status === "sent"));
    const [mail] = await sentViaBinding(email);
    const { parsed } = mail!;
    const ticket = await t.admin.get(`/tickets/${ticketId}`);
    expect(parsed.from).toEqual({ name: "Jürgen Müller", address: `${t.tenant.slug}@edgedesk.localhost` });
    expect(parsed.to).toEqual([{ name: "Zoë Ørsted", address: email }]);
    expect(parsed.replyTo?.[0]?.address).toBe(`${t.tenant.slug}+${category.id}-billing@edgedesk.localhost`);
    expect(parsed.subject).toBe(`Re: Facture erronée – prière de corriger [#${ticket.number}]`);
    expect(parsed.inReplyTo).toBe(`<first-${email}>`);
    expect(parsed.references).toContain(`<first-${email}>`);
    expect(parsed.text?.trim()).toBe("Grüße, we fixed your invoice.");
    expect(parsed.html).toContain("<b>fixed</b>");
    // A human reply is not automatic mail.
    expect(parsed.headers.find((h) => h.key === "auto-submitted")).toBeUndefined();
    expect(mail!.raw).toMatch(/^Subject: =\?utf-8\?B\?/m);
  });
});

describe("the sender and the answer address of a reply", () => {
  it("follow the ticket into its new category and use the tenant's From when it says so", async () => {
    const t = await signUp("moved");
    const { client: agent } = await addStaff(t, "Kai");
    const billing = await t.admin.post("/categories", { names: { en: "Billing" } });
    const returns = await t.admin.post("/categories", { names: { en: "Returns" } });
    await t.admin.post("/inbound-addresses", { address: `returns@${t.tenant.slug}.example`, categoryId: returns.id });
    await t.admin.json("PATCH", "/settings", { outgoingFromAddress: `support@${t.tenant.slug}.example`, outgoingFromName: "Moved Support", useFromNameForAllMail: true });
    const email = uniqueAddress("pia");
    const customer = await t.admin.post("/users", { role: "customer", name: "Pia", emails: [email] });
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Wrong size", messageId: `<size-${email}>`, categoryId: billing.id });
    await t.admin.patch(`/tickets/${ticketId}`, { categoryId: returns.id });

    const reply = await agent.post(`/tickets/${ticketId}/articles`, { text: "Send it back to us." });
    await deliveriesOf(t, ticketId, reply.id, (d) => d[0]?.status === "sent");
    const [mail] = await sentViaBinding(email);
    expect(mail!.parsed.replyTo?.[0]?.address).toBe(`returns@${t.tenant.slug}.example`);
    expect(mail!.parsed.from).toEqual({ name: "Moved Support", address: `support@${t.tenant.slug}.example` });
  });
});
