import { Hono } from "hono";
import { and, eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { ticketRatings, tickets, usedActionLinks } from "../db/schema";
import type { AppEnv, Bindings } from "../env";
import { announceLater } from "../realtime/routes";
import { updateTicket } from "../tickets/service";
import { verifyActionLink, type LinkClaims } from "./action-links";
import { escapeHtml } from "./template";
import { notifyLater } from "./notify";

const TITLES: Record<LinkClaims["action"], string> = {
  accept: "Close the ticket: the problem is solved",
  reject: "Reopen the ticket: the problem is not solved",
  rate_good: "Rate the help you got: good",
  rate_okay: "Rate the help you got: okay",
  rate_bad: "Rate the help you got: bad",
};

/** A small self-contained page: no session, no script, only the one action's form. */
const page = (status: number, title: string, text: string, form = "") =>
  new Response(
    `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>` +
      `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1 style="font-size:1.3rem">${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${form}</body></html>`,
    { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } },
  );

async function check(env: Bindings, token: string) {
  const verified = await verifyActionLink(env.SECRET_KEY, token);
  if (!verified.ok) {
    return { error: verified.reason === "expired" ? page(410, "This link has expired", "Links in our mails work for three days. Just reply to the mail instead.") : page(404, "Unknown link", "This link is not valid.") };
  }
  const { claims } = verified;
  const ticket = await createDb(env.DB).query.tickets.findFirst({ where: and(eq(tickets.tenantId, claims.tenantId), eq(tickets.id, claims.ticketId)) });
  if (!ticket || ticket.customerId !== claims.userId) return { error: page(404, "Unknown link", "This link is not valid.") };
  const rating = claims.action.startsWith("rate_");
  const fits = rating ? ticket.status === "resolved" || ticket.status === "closed" : ticket.status === "resolved";
  if (!fits) return { error: page(409, "Nothing to do", "This ticket is no longer waiting for that answer.") };
  return { claims, ticket };
}

/**
 * Signed links from customer mail: GET shows a confirmation (mail scanners that open
 * links must not close tickets), POST does the one action the link names, once.
 */
export const ticketActionRoutes = new Hono<AppEnv>()
  .get("/ticket-actions/:token", async (c) => {
    const checked = await check(c.env, c.req.param("token"));
    if ("error" in checked) return checked.error;
    const title = TITLES[checked.claims.action];
    return page(200, title, `Ticket #${checked.ticket.number}: ${checked.ticket.subject}`, `<form method="post"><button type="submit" style="font-size:1rem;padding:.5rem 1rem">Confirm</button></form>`);
  })
  .post("/ticket-actions/:token", async (c) => {
    const checked = await check(c.env, c.req.param("token"));
    if ("error" in checked) return checked.error;
    const { claims, ticket } = checked;
    const db = createDb(c.env.DB);
    const [fresh] = await db.insert(usedActionLinks).values({ tenantId: claims.tenantId, linkId: claims.id, usedAt: Date.now() }).onConflictDoNothing().returning();
    if (!fresh) return page(409, "This link was already used", "Each link in our mails works once.");
    if (claims.action === "accept" || claims.action === "reject") {
      const accepted = claims.action === "accept";
      await updateTicket(db, claims.tenantId, claims.userId, ticket, { status: accepted ? "closed" : "open" });
      announceLater(c.executionCtx, c.env, claims.tenantId, { t: "ticket", ticketId: ticket.id, change: "updated" });
      notifyLater(c.executionCtx, c.env, claims.tenantId, { type: "resolution_answered", ticketId: ticket.id, actorId: claims.userId, accepted });
      return page(200, accepted ? "Thank you — the ticket is closed" : "The ticket is open again", accepted ? "We are glad we could help." : "We will look at it again and answer you.");
    }
    const rating = claims.action.slice("rate_".length) as "good" | "okay" | "bad";
    await db
      .insert(ticketRatings)
      .values({ tenantId: claims.tenantId, ticketId: ticket.id, userId: claims.userId, rating, createdAt: Date.now() })
      .onConflictDoUpdate({ target: [ticketRatings.tenantId, ticketRatings.ticketId], set: { rating, createdAt: Date.now() } });
    return page(200, "Thank you for your rating", "It helps us help you better.");
  });
