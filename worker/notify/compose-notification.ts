import { ourMessageId } from "../channels/email/message-id";
import { htmlToText } from "../html/sanitize";
import { taggedSubject } from "../outbound/addresses";
import type { OutboundMailDraft } from "../outbound/outbox";
import type { Address } from "../db/schema";
import type { Template } from "./default-templates";
import type { NotificationEvent } from "./events";
import { placeholderValues, type Audience, type TicketFacts } from "./placeholders";
import { renderTemplate } from "./template";

export interface NotificationEnvelope {
  event: NotificationEvent;
  from: Address;
  replyTo: string;
  thread: { inReplyTo: string | null; references: string[] };
  attachmentIds: number[];
  secret: string;
  mailDomain: string;
}

/**
 * One rendered notification mail for one recipient, or null when the template's body is
 * empty (the tenant's way of switching that mail off). Subject placeholders render as text.
 */
export async function composeNotification(facts: TicketFacts, audience: Audience, template: Template, env: NotificationEnvelope): Promise<OutboundMailDraft | null> {
  if (!template.body.trim()) return null;
  const values = await placeholderValues(facts, audience);
  const html = renderTemplate(template.body, values);
  const subject = (await htmlToText(renderTemplate(template.subject, values))).replace(/\s+/g, " ").trim();
  const { ticket } = facts;
  return {
    tenantId: ticket.tenantId,
    ticketId: ticket.id,
    kind: env.event === "ticket_acknowledgment" ? "acknowledgment" : "notification",
    automatic: true,
    messageId: await ourMessageId(env.secret, env.mailDomain, ticket.tenantId, ticket.id),
    articleMessageId: null,
    from: env.from,
    replyTo: env.replyTo,
    to: [{ name: audience.person?.name, address: audience.email }],
    cc: [],
    subject: taggedSubject(subject, ticket.number),
    text: await htmlToText(html),
    html,
    inReplyTo: env.thread.inReplyTo,
    references: env.thread.references,
    attachmentIds: env.attachmentIds,
  };
}
