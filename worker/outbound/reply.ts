import { ourMessageId } from "../channels/email/message-id";
import type { Address } from "../db/schema";
import type { Bindings } from "../env";
import type { ArticleInput } from "../tickets/articles";
import type { TicketRow } from "../tickets/repo";
import { fromAddress, taggedSubject } from "./addresses";
import type { MailContext } from "./mail-context";
import type { OutboundMailDraft } from "./outbox";

/** Channels whose public replies leave by email; X and phone have their own way out. */
const MAILED_CHANNELS = new Set(["email", "web", "api"]);

export const isMailedReply = (article: Pick<ArticleInput, "direction" | "internal" | "channel">) =>
  article.direction === "out" && !article.internal && MAILED_CHANNELS.has(article.channel);

const addressOf = (p: { name: string; email: string | null }): Address => ({ name: p.name, address: p.email! });

/**
 * The mails an agent's public reply becomes: one to the customer and, per the tenant's
 * setting, one per subscriber or the subscribers in CC. The returned article carries the
 * customer mail's Message-ID and the recipients, and is written in the same batch as the mails.
 */
export async function replyMails(
  env: Bindings,
  ticket: TicketRow,
  context: MailContext,
  article: ArticleInput,
  author: { id: number; name: string },
): Promise<{ article: ArticleInput; mails: OutboundMailDraft[] }> {
  const tenantId = ticket.tenantId;
  const { tenant, settings, thread, subscribers, replyTo } = context;
  const customer = context.people.find((p) => p.id === ticket.customerId);
  const to = customer?.email ? [addressOf(customer)] : [];
  const others = subscribers.filter((s) => s.email && s.id !== author.id && s.id !== customer?.id && s.active).map(addressOf);
  const separate = settings.oneMailPerSubscriber || to.length === 0;
  const envelopes: { to: Address[]; cc: Address[] }[] = [
    ...(to.length ? [{ to, cc: separate ? [] : others }] : []),
    ...(separate ? others.map((s) => ({ to: [s], cc: [] })) : []),
  ];
  if (envelopes.length === 0) return { article, mails: [] };

  const from = fromAddress(tenant, env.MAIL_DOMAIN, author.name);
  const subject = taggedSubject(ticket.subject, ticket.number, "Re: ");
  const ids = await Promise.all(envelopes.map(() => ourMessageId(env.SECRET_KEY, env.MAIL_DOMAIN, tenantId, ticket.id)));
  const articleMessageId = ids[0]!;
  const mails = envelopes.map(
    (e, i): OutboundMailDraft => ({
      tenantId,
      ticketId: ticket.id,
      kind: "reply",
      automatic: false,
      messageId: ids[i]!,
      articleMessageId,
      from,
      replyTo,
      to: e.to,
      cc: e.cc,
      subject,
      text: article.text,
      html: article.html ?? null,
      inReplyTo: thread.inReplyTo,
      references: thread.references,
      attachmentIds: article.attachmentIds ?? [],
    }),
  );
  return {
    article: { ...article, from, to, cc: others, subject, messageId: articleMessageId, inReplyTo: thread.inReplyTo, references: thread.references },
    mails,
  };
}
