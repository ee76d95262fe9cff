import { eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { tenants } from "../db/schema";
import type { Bindings } from "../env";
import { htmlToText } from "../html/sanitize";
import { fromAddress } from "../outbound/addresses";
import { queueMails } from "../outbound/outbox";
import { peopleByIds } from "../outbound/people";
import { standardAddress } from "../tenants/service";
import { ruleFor } from "./rules";
import { escapeHtml, renderTemplate } from "./template";
import { templateFor } from "./templates";

/**
 * The welcome mail for a customer account someone created: the `welcome` template in the
 * customer's language with `#UserName#` and `#URL#` (the portal); placeholders about a ticket
 * have nothing to say here and stay empty. Returns whether a mail was queued.
 */
export async function sendWelcomeMail(env: Bindings, tenantId: number, userId: number): Promise<boolean> {
  const db = createDb(env.DB);
  const [tenant, [person], rule] = await Promise.all([
    db.query.tenants.findFirst({ where: eq(tenants.id, tenantId) }),
    peopleByIds(db, tenantId, [userId]),
    ruleFor(db, tenantId, "welcome", null),
  ]);
  if (!tenant || !person?.email || person.role !== "customer" || !rule.active) return false;
  const template = await templateFor(db, tenantId, "welcome", person.locale ?? tenant.defaultLocale, tenant.defaultLocale);
  if (!template.body.trim()) return false;
  const portal = `${env.APP_URL.replace(/\/$/, "")}/portal`;
  const values = (p: Parameters<Parameters<typeof renderTemplate>[1]>[0]) =>
    p.kind !== "simple" ? "" : p.name === "UserName" ? escapeHtml(person.name) : p.name === "URL" ? escapeHtml(portal) : p.name === "Company" ? escapeHtml(person.company ?? "") : "";
  const html = renderTemplate(template.body, values);
  await queueMails(env, db, [
    {
      tenantId,
      ticketId: null,
      kind: "welcome",
      automatic: true,
      // Not about a ticket, so not a signed ticket id; still under our domain, so an answer is recognised as ours.
      messageId: `<welcome.${crypto.randomUUID()}@${env.MAIL_DOMAIN}>`,
      articleMessageId: null,
      from: fromAddress(tenant, env.MAIL_DOMAIN, null),
      replyTo: standardAddress(tenant.slug, env.MAIL_DOMAIN),
      to: [{ name: person.name, address: person.email }],
      cc: [],
      subject: (await htmlToText(renderTemplate(template.subject, values))).trim(),
      text: await htmlToText(html),
      html,
      inReplyTo: null,
      references: [],
      attachmentIds: [],
    },
  ]);
  return true;
}
