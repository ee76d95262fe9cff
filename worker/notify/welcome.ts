import { eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { tenants } from "../db/schema";
import type { Bindings } from "../env";
import { htmlToText } from "../html/sanitize";
import { fromAddress } from "../outbound/addresses";
import { queueMails } from "../outbound/outbox";
import { peopleByIds } from "../outbound/people";
import { createMagicLink } from "../portal/magic-links";
import { standardAddress } from "../tenants/service";
import { ruleFor } from "./rules";
import { escapeHtml, renderTemplate } from "./template";
import { templateFor } from "./templates";

/**
 * The first mail to an account someone created, in its owner's language, with `#UserName#`
 * and `#URL#`; placeholders about a ticket have nothing to say here and stay empty.
 * - A customer gets the `welcome` template, `#URL#` being the portal.
 * - An agent or admin created without a password gets `agent_invitation`, `#URL#` being a
 *   one-time link to choose it (the admin never knows it).
 * Returns whether a mail was queued.
 */
export async function sendWelcomeMail(env: Bindings, tenantId: number, userId: number): Promise<boolean> {
  const db = createDb(env.DB);
  const [tenant, [person]] = await Promise.all([db.query.tenants.findFirst({ where: eq(tenants.id, tenantId) }), peopleByIds(db, tenantId, [userId])]);
  if (!tenant || !person?.email) return false;
  const event = person.role === "customer" ? "welcome" : "agent_invitation";
  const [rule, template] = await Promise.all([
    ruleFor(db, tenantId, event, null),
    templateFor(db, tenantId, event, person.locale ?? tenant.defaultLocale, tenant.defaultLocale),
  ]);
  if (!rule.active || !template.body.trim()) return false;
  const url =
    event === "welcome" ? `${env.APP_URL.replace(/\/$/, "")}/portal` : (await createMagicLink(db, env.APP_URL, tenantId, userId, "staff")).url;
  const values = (p: Parameters<Parameters<typeof renderTemplate>[1]>[0]) =>
    p.kind !== "simple" ? "" : p.name === "UserName" ? escapeHtml(person.name) : p.name === "URL" ? escapeHtml(url) : p.name === "Company" ? escapeHtml(person.company ?? "") : "";
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
