import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import { loadTicketMail } from "../../worker/outbound/mail-context";
import { appendArticle } from "../../worker/tickets/articles";
import { signUp } from "../helpers/api";
import { ticketFromCustomerMail, uniqueAddress } from "./helpers";

describe("the thread ids of a mail on a long conversation", () => {
  it("name its first mail and the latest 19 in References, and the customer's latest in In-Reply-To, never an internal note", async () => {
    const t = await signUp("long-thread");
    const email = uniqueAddress("marta");
    const customer = await t.admin.post("/users", { role: "customer", name: "Marta", emails: [email] });
    const id = (label: string) => `<${label}-${email}>`;
    const ticketId = await ticketFromCustomerMail(t, customer, { subject: "Invoices, again", messageId: id("c0") });
    const db = createDb(env.DB);
    const append = (label: string, direction: "in" | "out", internal = false) =>
      appendArticle(db, { tenantId: t.tenant.id, ticketId, article: { channel: "email", direction, internal, text: label, messageId: id(label) } });
    // Ten exchanges, then 25 agent mails in a row: the customer's latest mail is older than the latest 20.
    const publicIds = [id("c0")];
    for (let i = 1; i <= 10; i++) {
      await append(`c${i}`, "in");
      await append(`a${i}`, "out");
      await append(`note${i}`, "out", true);
      publicIds.push(id(`c${i}`), id(`a${i}`));
    }
    for (let i = 11; i <= 35; i++) {
      await append(`a${i}`, "out");
      publicIds.push(id(`a${i}`));
    }
    await append("last-note", "out", true);

    const mail = await loadTicketMail(db, env.MAIL_DOMAIN, { tenantId: t.tenant.id, ticketId });

    expect(mail!.context.thread).toEqual({ inReplyTo: id("c10"), references: [id("c0"), ...publicIds.slice(-19)] });
  });
});
