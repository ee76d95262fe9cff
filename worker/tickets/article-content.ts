import { createDb } from "../db/client";
import type { Actor, Bindings } from "../env";
import { htmlToText, sanitizeHtml } from "../html/sanitize";
import { userRepo } from "../users/repo";

/**
 * The longest text and HTML a message keeps, in characters. A D1 row holds at most 2,000,000
 * bytes, and both at their longest stay below it even at 3 bytes a character. Mail that brings
 * more is shortened on the way in (the complete message stays in R2); the API refuses more.
 */
export const MAX_TEXT_CHARS = 300_000;
export const MAX_HTML_CHARS = 300_000;

/** Sanitised html and a text version that always exists, for a new or an edited message. */
export async function articleBody(text: string | undefined, html: string | undefined) {
  const clean = html ? await sanitizeHtml(html) : null;
  return { html: clean, text: text?.trim() ? text : clean ? await htmlToText(clean) : "" };
}

/** The signed-in caller as a message's From. */
export const authorAddress = (env: Bindings, actor: Actor) => userRepo(createDb(env.DB), actor.tenantId).sender(actor.userId);
