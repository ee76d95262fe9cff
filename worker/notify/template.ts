/**
 * The template language of notification mails: `#Name#` placeholders, case-insensitive,
 * with a few parameterised forms (`#3Recent_messages#`, `#CF_7#`, `#RatingLinks(How did we do?)#`).
 * Values arrive already HTML-safe from placeholders.ts; the engine only finds and replaces.
 */

export const SIMPLE_PLACEHOLDERS = [
  "What_Happened", "What_Happened_Short", "Category", "Subject", "From", "FromEmail", "FirstName", "LastName",
  "UserName", "Originator", "Priority", "Status", "Body", "URL", "Recipients", "Recent_messages",
  "Most_recent_message", "Custom_Fields", "Company", "Attachments", "Recent_Attachments", "TicketID",
  "Technician", "TechnicianEmail", "Date", "DueDate", "TimeSpent", "Via", "Subscribers", "SubscribersEmails",
  "NonTechSubscribers", "RatingLinks", "Unsubscribe",
] as const;

export type SimplePlaceholder = (typeof SIMPLE_PLACEHOLDERS)[number];

/** The most messages `#<N>Recent_messages#` quotes. */
export const MAX_RECENT_MESSAGES = 50;

/** One placeholder as written in a template, resolved to what it asks for. */
export type Placeholder =
  | { kind: "simple"; name: SimplePlaceholder }
  | { kind: "recent"; count: number }
  | { kind: "custom_field"; id: number; valueOnly: boolean }
  | { kind: "rating"; prompt: string };

const byLowerName = new Map(SIMPLE_PLACEHOLDERS.map((n) => [n.toLowerCase(), n]));

// A token is `#` + word characters (+ an optional parenthesised prompt) + `#`; anything with
// spaces in between, like "ticket #42 is", is ordinary text.
const TOKEN = /#([A-Za-z0-9_]{1,40}(?:\([^#()<>]{0,200}\))?)#/g;

/** What a token asks for, or null when no such placeholder exists. */
export function parsePlaceholder(token: string): Placeholder | null {
  const lower = token.toLowerCase();
  const simple = byLowerName.get(lower);
  if (simple) return { kind: "simple", name: simple };
  const recent = /^(\d{1,2})recent_messages$/.exec(lower);
  if (recent && Number(recent[1]) >= 1) return { kind: "recent", count: Math.min(Number(recent[1]), MAX_RECENT_MESSAGES) };
  const field = /^cf_(value_)?(\d{1,9})$/.exec(lower);
  if (field) return { kind: "custom_field", id: Number(field[2]), valueOnly: !!field[1] };
  const rating = /^ratinglinks\((.*)\)$/is.exec(token);
  if (rating) return { kind: "rating", prompt: rating[1]!.trim() };
  return null;
}

export interface TemplateProblem {
  placeholder: string;
  message: string;
}

/** Unknown placeholders in a template, for the editor: they would otherwise go out as typed. */
export function checkTemplate(text: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const match of text.matchAll(TOKEN)) {
    if (!parsePlaceholder(match[1]!) && !problems.some((p) => p.placeholder === match[0])) {
      problems.push({ placeholder: match[0], message: `Unknown placeholder ${match[0]}` });
    }
  }
  return problems;
}

/**
 * Replaces every known placeholder with `resolve`'s value. Unknown ones stay in the text as
 * written, so a mistake shows instead of silently vanishing (the editor refuses them anyway).
 */
export function renderTemplate(text: string, resolve: (p: Placeholder) => string): string {
  return text.replace(TOKEN, (whole, token: string) => {
    const placeholder = parsePlaceholder(token);
    return placeholder ? resolve(placeholder) : whole;
  });
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Every value that goes into a template passes through here. */
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Plain text as HTML: escaped, line breaks kept. */
export const textToHtml = (value: string) => escapeHtml(value).replace(/\r?\n/g, "<br>\n");
