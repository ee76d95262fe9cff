import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { inList } from "../db/json-rows";
import { filterOnly } from "../db/planner";
import { articles, attachments, categories, tickets, timeEntries, type LocalizedNames } from "../db/schema";
import { localizedName } from "../categories/names";
import type { Person } from "../outbound/people";
import { actionLinkUrl, signActionLink } from "./action-links";
import { escapeHtml, MAX_RECENT_MESSAGES, textToHtml, type Placeholder } from "./template";

type TicketRow = typeof tickets.$inferSelect;
type ArticleRow = typeof articles.$inferSelect;
type FileRow = { id: number; articleId: number | null; filename: string; internal: boolean };

/** Everything a notification about one ticket can say: the ticket's facts, read once per ticket change, and the event's message. */
export interface TicketFacts {
  appUrl: string;
  secret: string;
  ticket: TicketRow;
  categoryNames: LocalizedNames | null;
  customer: Person | null;
  assignee: Person | null;
  originator: Person | null;
  subscribers: Person[];
  /**
   * Oldest first, and only what a template can name (see `loadTicketFacts`): the first message,
   * the events' messages, and the latest messages for agents and for customers (who only ever see
   * the public ones).
   */
  articles: ArticleRow[];
  /** Likewise: the events' messages' files and the latest files for agents and for customers. */
  files: FileRow[];
  /** The message the event is about, if any. */
  article: ArticleRow | null;
  whatHappened: string;
  timeSpentMinutes: number;
  now: number;
}

/** What every event of one ticket change shares; `factsOfEvent` adds the event's message. */
export type SharedFacts = Omit<TicketFacts, "article" | "whatHappened">;

export async function loadTicketFacts(
  db: Db,
  env: { APP_URL: string; SECRET_KEY: string },
  ticket: TicketRow,
  people: { customer: Person | null; assignee: Person | null; originator: Person | null; subscribers: Person[] },
  eventArticleIds: number[],
): Promise<SharedFacts> {
  const { tenantId } = ticket;
  const ofTicket = and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticket.id));
  // The outer reads look their rows up by id from the short lists below, not along all of the ticket's articles.
  const onTicket = and(eq(filterOnly(articles.tenantId), tenantId), eq(filterOnly(articles.ticketId), ticket.id));
  const publicOnly = eq(articles.internal, false);
  const latestMessages = (condition?: SQL) =>
    db
      .select({ id: articles.id })
      .from(articles)
      .where(and(ofTicket, eq(articles.kind, "message"), condition))
      .orderBy(desc(articles.id))
      .limit(MAX_RECENT_MESSAGES);
  const latestFiles = (condition?: SQL) =>
    db
      .select({ id: attachments.id })
      .from(articles)
      .innerJoin(attachments, eq(attachments.articleId, articles.id))
      .where(and(ofTicket, eq(attachments.tenantId, tenantId), condition))
      .orderBy(desc(articles.id), desc(attachments.id))
      .limit(RECENT_FILES);
  // What the placeholders can name, not every message: a notice on a ticket of a thousand messages
  // reads no more than one on a new ticket, in one round trip of three statements.
  const [rows, files, [totals]] = await db.batch([
    db
      .select()
      .from(articles)
      .where(
        and(
          onTicket,
          or(
            eq(articles.id, sql`(select min(id) from ${articles} where tenant_id = ${tenantId} and ticket_id = ${ticket.id})`),
            inList(articles.id, eventArticleIds),
            inArray(articles.id, latestMessages()),
            inArray(articles.id, latestMessages(publicOnly)),
          ),
        ),
      )
      .orderBy(asc(articles.id)),
    db
      .select({ id: attachments.id, articleId: attachments.articleId, filename: attachments.filename, internal: articles.internal })
      .from(attachments)
      .innerJoin(articles, eq(articles.id, attachments.articleId))
      .where(
        and(
          eq(attachments.tenantId, tenantId),
          onTicket,
          or(inList(attachments.articleId, eventArticleIds), inArray(attachments.id, latestFiles()), inArray(attachments.id, latestFiles(publicOnly))),
        ),
      )
      .orderBy(asc(attachments.articleId), asc(attachments.id)),
    db
      .select({
        minutes: sql<number | null>`(select sum(minutes) from ${timeEntries} where tenant_id = ${tenantId} and ticket_id = ${ticket.id})`,
        categoryNames: sql<LocalizedNames | null>`(select names from ${categories} where tenant_id = ${tenantId} and id = ${tickets.categoryId})`.mapWith(categories.names),
      })
      .from(tickets)
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticket.id))),
  ]);
  return {
    appUrl: env.APP_URL.replace(/\/$/, ""),
    secret: env.SECRET_KEY,
    ticket,
    categoryNames: totals?.categoryNames ?? null,
    ...people,
    articles: rows,
    files,
    timeSpentMinutes: Number(totals?.minutes ?? 0),
    now: Date.now(),
  };
}

/** The most files `#Recent_Attachments#` lists. */
const RECENT_FILES = 10;

/** One event's facts: the shared ones with the message the event is about. */
export function factsOfEvent(shared: SharedFacts, event: { articleId: number | null; whatHappened: (article: ArticleRow | null) => string }): TicketFacts {
  const article = event.articleId ? (shared.articles.find((r) => r.id === event.articleId) ?? null) : null;
  // Without a message of its own, an event (a new ticket) is about the first one.
  return { ...shared, article, whatHappened: event.whatHappened(article ?? shared.articles[0] ?? null) };
}

export interface Audience {
  person: Person | null;
  email: string;
  locale: string;
  isCustomer: boolean;
  /** Only the ticket's own customer, in the resolved mail, gets rating links. */
  ratingLinks: boolean;
  recipients: string[];
  /** Address a customer writes to with `#unsubscribe#` in the subject to stop updates. */
  replyTo: string;
}

const splitName = (name: string) => {
  const parts = name.trim().split(/\s+/);
  return { first: parts[0] ?? "", last: parts.length > 1 ? parts.slice(1).join(" ") : "" };
};

const formatDate = (ms: number | null, locale: string) =>
  ms === null ? "" : new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(ms)) + " UTC";

const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

// The resolved mail's links: accept or reject the resolution, then rate it.
const RATING_TEXT: Record<string, { solved: string; accept: string; reject: string; prompt: string; good: string; okay: string; bad: string }> = {
  en: { solved: "Is your problem solved?", accept: "Yes, close the ticket", reject: "No, reopen it", prompt: "How did we do?", good: "Good", okay: "Okay", bad: "Bad" },
  de: { solved: "Ist Ihr Problem gelöst?", accept: "Ja, Ticket schließen", reject: "Nein, wieder öffnen", prompt: "Wie zufrieden sind Sie?", good: "Gut", okay: "Okay", bad: "Schlecht" },
  fr: { solved: "Votre problème est-il résolu ?", accept: "Oui, fermer le ticket", reject: "Non, le rouvrir", prompt: "Êtes-vous satisfait ?", good: "Bien", okay: "Moyen", bad: "Mauvais" },
};

/**
 * The values of every placeholder for one recipient, HTML-escaped. Links (rating, accept or
 * reject) are signed per recipient, so they are made here, asynchronously, before rendering.
 */
export async function placeholderValues(facts: TicketFacts, audience: Audience): Promise<(p: Placeholder) => string> {
  const { ticket } = facts;
  const lang = audience.locale.split("-")[0]!;
  const visible = audience.isCustomer ? facts.articles.filter((a) => !a.internal) : facts.articles;
  const messages = visible.filter((a) => a.kind === "message");
  const first = facts.articles[0] ?? null;
  const url = audience.isCustomer ? `${facts.appUrl}/portal/tickets/${ticket.id}` : `${facts.appUrl}/tickets/${ticket.id}`;
  const download = (f: FileRow) => link(`${facts.appUrl}/api/v1/attachments/${f.id}`, f.filename);
  const fileList = (files: FileRow[]) => (files.length ? `<ul>${files.map((f) => `<li>${download(f)}</li>`).join("")}</ul>` : "");
  const recentFiles = facts.files.filter((f) => !audience.isCustomer || !f.internal).slice(-RECENT_FILES);
  const eventFiles = facts.article && (!audience.isCustomer || !facts.article.internal) ? facts.files.filter((f) => f.articleId === facts.article!.id) : [];
  const quote = (a: ArticleRow) =>
    `<div><p><b>${escapeHtml(a.from?.name || a.from?.address || "")}</b> · ${escapeHtml(formatDate(a.createdAt, audience.locale))}</p><blockquote>${textToHtml(a.text)}</blockquote></div>`;
  const recent = (n: number) => messages.slice(-n).reverse().map(quote).join("\n");
  const customerName = splitName(facts.customer?.name ?? "");
  const customerSubscribers = facts.subscribers.filter((s) => s.role === "customer");
  const what = facts.whatHappened;

  let ratingLinks = (_prompt: string) => "";
  if (audience.ratingLinks && audience.person) {
    const make = (action: "rate_good" | "rate_okay" | "rate_bad" | "accept" | "reject") =>
      signActionLink(facts.secret, { tenantId: ticket.tenantId, ticketId: ticket.id, userId: audience.person!.id, action }).then((t) => actionLinkUrl(facts.appUrl, t));
    const [accept, reject, good, okay, bad] = await Promise.all([make("accept"), make("reject"), make("rate_good"), make("rate_okay"), make("rate_bad")]);
    const words = RATING_TEXT[lang] ?? RATING_TEXT.en!;
    ratingLinks = (prompt) =>
      `${escapeHtml(words.solved)} ${link(accept, words.accept)} · ${link(reject, words.reject)}<br>\n` +
      `${escapeHtml(prompt || words.prompt)} ${link(good, words.good)} · ${link(okay, words.okay)} · ${link(bad, words.bad)}`;
  }

  const simple: Record<string, () => string> = {
    What_Happened: () => textToHtml(what),
    What_Happened_Short: () => escapeHtml(what.length > 100 ? `${what.slice(0, 99)}…` : what),
    Category: () => escapeHtml(facts.categoryNames ? localizedName(facts.categoryNames, audience.locale) : ""),
    Subject: () => escapeHtml(ticket.subject),
    From: () => escapeHtml(facts.customer?.name ?? first?.from?.name ?? ""),
    FromEmail: () => escapeHtml(facts.customer?.email ?? first?.from?.address ?? ""),
    FirstName: () => escapeHtml(customerName.first),
    LastName: () => escapeHtml(customerName.last),
    UserName: () => escapeHtml(audience.person?.name ?? facts.customer?.name ?? ""),
    Originator: () => escapeHtml(facts.originator?.name ?? ""),
    Priority: () => escapeHtml(ticket.priority),
    Status: () => escapeHtml(ticket.status),
    Body: () => textToHtml(first?.text ?? ""),
    URL: () => escapeHtml(url),
    Recipients: () => escapeHtml(audience.recipients.join(", ")),
    Recent_messages: () => recent(5),
    Most_recent_message: () => recent(1),
    Custom_Fields: () => "",
    Company: () => escapeHtml(facts.customer?.company ?? ""),
    Attachments: () => fileList(eventFiles),
    Recent_Attachments: () => fileList(recentFiles),
    TicketID: () => String(ticket.number),
    Technician: () => escapeHtml(facts.assignee?.name ?? ""),
    TechnicianEmail: () => escapeHtml(facts.assignee?.email ?? ""),
    Date: () => escapeHtml(formatDate(facts.now, audience.locale)),
    DueDate: () => escapeHtml(formatDate(ticket.dueAt, audience.locale)),
    TimeSpent: () => `${Math.floor(facts.timeSpentMinutes / 60)}:${String(facts.timeSpentMinutes % 60).padStart(2, "0")}`,
    Via: () => escapeHtml(ticket.channel),
    Subscribers: () => escapeHtml(facts.subscribers.map((s) => s.name).join(", ")),
    SubscribersEmails: () => escapeHtml(facts.subscribers.map((s) => s.email ?? "").filter(Boolean).join(", ")),
    NonTechSubscribers: () => escapeHtml(customerSubscribers.map((s) => s.name).join(", ")),
    RatingLinks: () => ratingLinks(""),
    Unsubscribe: () =>
      link(`mailto:${audience.replyTo}?subject=${encodeURIComponent(`#unsubscribe# [#${ticket.number}]`)}`, lang === "de" ? "Keine Updates mehr zu dieser Anfrage" : lang === "fr" ? "Ne plus recevoir de mises à jour" : "Stop updates for this request"),
  };

  return (p) => {
    switch (p.kind) {
      case "simple":
        return simple[p.name]!();
      case "recent":
        return recent(p.count);
      // The data model has no custom fields yet: such placeholders are known but empty.
      case "custom_field":
        return "";
      case "rating":
        return ratingLinks(p.prompt);
    }
  };
}
