import { createDb } from "../db/client";
import type { Actor, Bindings } from "../env";
import { htmlToText, sanitizeHtml } from "../html/sanitize";
import { userRepo } from "../users/repo";

/** Sanitised html and a text version that always exists, for a new or an edited message. */
export async function articleBody(text: string | undefined, html: string | undefined) {
  const clean = html ? await sanitizeHtml(html) : null;
  return { html: clean, text: text?.trim() ? text : clean ? await htmlToText(clean) : "" };
}

/** The signed-in caller as a message's From. */
export const authorAddress = (env: Bindings, actor: Actor) => userRepo(createDb(env.DB), actor.tenantId).sender(actor.userId);
