import { createDb } from "../db/client";
import type { articles, tickets } from "../db/schema";
import type { Bindings } from "../env";
import { fromAddress } from "../outbound/addresses";
import { enqueue, queueMails, type NotifyJob, type OutboundMailDraft, type OutboxMessage } from "../outbound/outbox";
import type { Person } from "../outbound/people";
import { loadTicketMail } from "../outbound/mail-context";
import { composeNotification } from "./compose-notification";
import { CUSTOMER_EVENTS, type NotificationEvent, type NotificationRule } from "./events";
import { withinLoopLimits } from "./loop-limits";
import { factsOfEvent, loadTicketFacts, type SharedFacts } from "./placeholders";
import { resolveRecipients } from "./recipients";
import { ruleFor } from "./rules";
import type { NotificationSettings } from "./settings";
import { templateFor } from "./templates";

type TicketRow = typeof tickets.$inferSelect;

/** The fields whose change someone hears about. */
type WatchedFields = Pick<TicketRow, "assigneeId" | "categoryId" | "status">;

/** Something happened to a ticket; `notifyTicket` works out who hears about it. */
export type TicketChange =
  | { type: "created"; ticketId: number; actorId: number | null; cameByEmail: boolean; mayAutoAnswer: boolean }
  | { type: "article_added"; ticketId: number; articleId: number; actorId: number | null }
  | { type: "updated"; ticketId: number; actorId: number; before: WatchedFields; after: WatchedFields }
  | { type: "resolution_answered"; ticketId: number; actorId: number; accepted: boolean }
  | { type: "reply_edited"; ticketId: number; articleId: number; actorId: number };

interface Send {
  event: NotificationEvent;
  rule?: NotificationRule;
  what: (article: { text: string; from: { name?: string; address: string } | null } | null) => string;
  articleId?: number | null;
  /** Only the ticket's own customer, in the resolved mail, gets rating and accept/reject links. */
  ratingLinks?: boolean;
  /** An edit changes the text only: its files went out with the message already. */
  withoutFiles?: boolean;
}

const who = (p: Person | null | undefined, fallback = "Someone") => p?.name || fallback;

/** What each change means: the events to send (rules and toggles decide who gets them). */
function eventsFor(
  ticket: TicketRow,
  change: TicketChange,
  settings: NotificationSettings,
  { actor, assignee }: { actor: Person | null; assignee: Person | null },
  article: typeof articles.$inferSelect | undefined,
): Send[] {
  switch (change.type) {
    case "created": {
      const sends: Send[] = [{ event: "ticket_created", what: (a) => `${who(actor, a?.from?.name ?? "A customer")} opened the ticket:\n${a?.text ?? ""}`, articleId: null }];
      if (settings.notifyAdminsOfNewTickets) {
        sends.push({ event: "ticket_created", rule: { active: true, recipients: ["admins"], extraAgentIds: [], extraAddresses: [] }, what: sends[0]!.what });
      }
      // Never an automatic answer to an auto-reply or bounce, and only for mail that came in.
      if (change.cameByEmail && change.mayAutoAnswer && settings.acknowledgeEmailTickets) sends.push({ event: "ticket_acknowledgment", what: () => "" });
      return sends;
    }
    case "article_added": {
      if (!article || article.kind !== "message") return [];
      const said = (verb: string) => (a: { text: string; from: { name?: string } | null } | null) => `${who(actor, a?.from?.name)} ${verb}:\n${a?.text ?? ""}`;
      if (article.internal) return [{ event: "internal_note", what: said("added an internal note"), articleId: article.id }];
      const sends: Send[] = [{ event: "public_reply", what: said("wrote"), articleId: article.id }];
      const byCustomer = article.direction === "in";
      if (byCustomer && settings.notifyCategoryAgentsOnCustomerUpdate) sends.push({ event: "customer_updated", what: said("wrote"), articleId: article.id });
      if (byCustomer && !settings.subscribersOnlyAgentUpdates) {
        sends.push({ event: "public_reply", rule: { active: true, recipients: ["subscribers"], extraAgentIds: [], extraAddresses: [] }, what: said("wrote"), articleId: article.id });
      }
      return sends;
    }
    case "updated": {
      const sends: Send[] = [];
      const { before, after } = change;
      // The job runs a moment after the change: one a later change overtook is not told.
      const holds = (field: keyof WatchedFields) => after[field] !== before[field] && ticket[field] === after[field];
      if (ticket.assigneeId && holds("assigneeId")) {
        sends.push({ event: "assignee_changed", what: () => `${who(actor)} assigned the ticket to ${who(assignee)}.` });
        if (ticket.assigneeId === change.actorId && settings.warnCategoryAgentsOnTake) sends.push({ event: "ticket_taken", what: () => `${who(actor)} took the ticket.` });
      }
      if (ticket.categoryId && holds("categoryId") && settings.notifyCategoryAgentsOnMove) {
        sends.push({ event: "ticket_moved", what: () => `${who(actor)} moved the ticket to this category.` });
      }
      if (ticket.status === "resolved" && holds("status")) {
        sends.push({ event: "ticket_resolved", what: () => `${who(actor)} resolved the ticket.`, ratingLinks: true });
      }
      return sends;
    }
    case "reply_edited":
      return [{ event: "reply_edited", what: (a) => `${who(actor)} edited the last reply:\n${a?.text ?? ""}`, articleId: change.articleId, withoutFiles: true }];
    case "resolution_answered":
      return [
        change.accepted
          ? { event: "resolution_accepted", what: () => `${who(actor)} accepted the resolution.` }
          : { event: "resolution_rejected", what: () => `${who(actor)} rejected the resolution; the ticket is open again.` },
      ];
  }
}

/**
 * Sends the notifications one ticket change calls for: events → rule (per category) →
 * recipients with escalation → template in each recipient's locale → outbox. Automatic mail
 * is capped per ticket and per recipient, so two robots answering each other stop quickly.
 * Returns how many mails were queued.
 */
export async function notifyTicket(env: Bindings, tenantId: number, change: TicketChange): Promise<number> {
  const db = createDb(env.DB);
  // The ticket, the article it is about and everyone the mails may name, in one batch.
  const read = await loadTicketMail(db, env.MAIL_DOMAIN, {
    tenantId,
    ticketId: change.ticketId,
    personIds: [change.actorId ?? null],
    articleId: change.type === "article_added" ? change.articleId : undefined,
  });
  if (!read) return 0;
  const { ticket, article, context } = read;
  // Mail that came in names no actor; the article's author (a known sender) is the one.
  const actorId = change.actorId ?? article?.authorId ?? null;
  const { tenant, settings, people, subscribers, replyTo, thread } = context;
  const personById = (id: number | null) => (id ? (people.find((p) => p.id === id) ?? null) : null);
  const actor = personById(actorId);
  const customer = personById(ticket.customerId);
  const assignee = personById(ticket.assigneeId);
  const sends = eventsFor(ticket, change, settings, { actor, assignee }, article);
  if (sends.length === 0) return 0;

  const from = fromAddress(tenant, env.MAIL_DOMAIN, null);
  // One template per event and locale, however many recipients share it.
  const templates = new Map<string, ReturnType<typeof templateFor>>();
  const template = (event: NotificationEvent, locale: string) => {
    const key = `${event}:${locale}`;
    if (!templates.has(key)) templates.set(key, templateFor(db, tenantId, event, locale, tenant.defaultLocale, ticket.categoryId));
    return templates.get(key)!;
  };

  const drafts: OutboundMailDraft[] = [];
  const sentTo = new Set<string>();
  // The ticket's messages, files and time are read once, by the first event that has recipients.
  let shared: Promise<SharedFacts> | undefined;
  for (const send of sends) {
    const rule = send.rule ?? (await ruleFor(db, tenantId, send.event, ticket.categoryId));
    if (!rule.active) continue;
    const recipients = (await resolveRecipients(db, env.MAIL_DOMAIN, ticket, rule, { actorId, known: context })).filter((r) => !sentTo.has(`${send.event}:${r.email}`));
    if (recipients.length === 0) continue;
    shared ??= loadTicketFacts(db, env, ticket, { customer, assignee, originator: actor, subscribers }, sends.flatMap((other) => (other.articleId ? [other.articleId] : [])));
    const facts = factsOfEvent(await shared, { articleId: send.articleId ?? null, whatHappened: send.what });
    const attachmentIds = settings.includeAttachments && send.articleId && !send.withoutFiles ? facts.files.filter((f) => f.articleId === send.articleId).map((f) => f.id) : [];
    for (const r of recipients) {
      const isCustomer = CUSTOMER_EVENTS.has(send.event) || r.person?.role === "customer";
      // Internal notes never reach customers, whatever a rule says.
      if (isCustomer && send.event === "internal_note") continue;
      const locale = r.person?.locale ?? tenant.defaultLocale;
      const draft = await composeNotification(
        facts,
        {
          person: r.person,
          email: r.email,
          locale,
          isCustomer,
          ratingLinks: !!send.ratingLinks && !!r.person && r.person.id === ticket.customerId,
          recipients: recipients.map((x) => x.email),
          replyTo,
        },
        await template(send.event, locale),
        { event: send.event, from, replyTo, thread, attachmentIds: isCustomer && facts.article?.internal ? [] : attachmentIds, secret: env.SECRET_KEY, mailDomain: env.MAIL_DOMAIN },
      );
      if (draft) {
        drafts.push(draft);
        sentTo.add(`${send.event}:${r.email}`);
      }
    }
  }
  const allowed = await withinLoopLimits(db, ticket, drafts, settings);
  await queueMails(env, db, allowed);
  return allowed.length;
}

export const notifyJob = (tenantId: number, change: TicketChange): NotifyJob => ({ tenantId, notify: change });

/**
 * Puts mails and notification jobs on the outbox queue. The queue consumer works out who
 * hears about a change, with retries, so the request that caused it does not wait for rules,
 * recipients and templates. Should the queue refuse a job, it runs here instead of being lost.
 */
export async function queueJobs(env: Bindings, jobs: OutboxMessage[]): Promise<void> {
  for (const job of await enqueue(env, jobs)) {
    await notifyTicket(env, job.tenantId, job.notify).catch((e) => console.error("notification failed", job.notify, e));
  }
}

/** Queues the notifications of a change after the response, never failing the request that caused it. */
export function notifyLater(ctx: { waitUntil(p: Promise<unknown>): void }, env: Bindings, tenantId: number, change: TicketChange) {
  ctx.waitUntil(queueJobs(env, [notifyJob(tenantId, change)]));
}

/**
 * The change the inbound pipeline made with one message, for notifications: a new ticket
 * (with the customer's acknowledgment when the message may get an automatic answer) or a follow-up.
 */
export function inboundChange(
  result: { outcome: string; ticketId: number | null; articleId?: number | null; mayAutoAnswer: boolean },
  channel: string,
): TicketChange | null {
  if (!result.ticketId) return null;
  if (result.outcome === "ticket") return { type: "created", ticketId: result.ticketId, actorId: null, cameByEmail: channel === "email", mayAutoAnswer: result.mayAutoAnswer };
  if (result.outcome === "follow_up" && result.articleId) return { type: "article_added", ticketId: result.ticketId, articleId: result.articleId, actorId: null };
  return null;
}
