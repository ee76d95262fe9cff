import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createSession } from "../../worker/auth/sessions";
import { categoryRepo } from "../../worker/categories/repo";
import { createDb } from "../../worker/db/client";
import { recordBounce } from "../../worker/outbound/bounces";
import { withinLoopLimits } from "../../worker/notify/loop-limits";
import { loadTicketFacts } from "../../worker/notify/placeholders";
import { deliverMail } from "../../worker/outbound/deliver";
import { loadTicketMail } from "../../worker/outbound/mail-context";
import { outboxPage } from "../../worker/outbound/status";
import { assertReferences } from "../../worker/tickets/service";
import { userRepo } from "../../worker/users/repo";
import { addCustomer, addStaff, signUp } from "../helpers/api";
import { plansOf, sortedInMemory, wholeTenantReads } from "../helpers/query-plans";
import { outboxMail } from "../outbound/helpers";

// D1 plans without statistics, and SQLite then rates an index that merely starts with tenant_id
// as good as the exact one: every statement below once read all of its tenant's deliveries,
// users, addresses or sessions to find a handful. The plans are SQLite's own, for the
// statements the code really ran; a tenant's size does not change them.

async function tenantWithTicket(prefix: string) {
  const t = await signUp(prefix);
  const agent = await addStaff(t, "Quinn");
  const customer = await addCustomer(t, `Pia-${t.tenant.slug}`);
  const colleague = await addCustomer(t, `Raj-${t.tenant.slug}`);
  const ticket = await t.admin.post("/tickets", { subject: "Printer on fire", text: "Smoke everywhere.", channel: "email", customerId: customer.id });
  await t.admin.patch(`/tickets/${ticket.id}`, { subscriberIds: [colleague.id] });
  return { t, agent: agent.user, customer, colleague, ticket };
}

describe("query plans", () => {
  it("delivering, bouncing and rate-limiting a mail read that mail's deliveries, not the tenant's", async () => {
    const { t, customer, ticket } = await tenantWithTicket("plan-mail");
    const address = customer.emails[0];
    const mail = await outboxMail(t.tenant.id, ticket.id, address);
    const outcomes: unknown[] = [];
    const planned = await plansOf(async (boundEnv, db) => {
      outcomes.push((await deliverMail(boundEnv, t.tenant.id, mail.messageId)).state);
      // The recipient had one automatic mail on the ticket already: a second is over a limit of one.
      outcomes.push((await withinLoopLimits(createDb(db), { tenantId: t.tenant.id, id: ticket.id }, [mail], { maxAutomaticMailsPerTicket: 10, maxAutomaticMailsPerRecipient: 1 })).length);
      outcomes.push((await recordBounce(createDb(db), { tenantId: t.tenant.id, messageId: mail.messageId, recipient: address, statusCode: "5.1.1", permanent: true, diagnostic: "no such user" })).length);
    });
    expect(outcomes).toEqual(["sent", 0, 1]);
    expect(planned.some((p) => p.sql.includes('"deliveries"'))).toBe(true);
    expect(wholeTenantReads(planned)).toEqual([]);
  });

  it("a reply's mail context and a ticket's references find their people by id", async () => {
    const { t, agent, customer, colleague, ticket } = await tenantWithTicket("plan-people");
    let context: Awaited<ReturnType<typeof loadTicketMail>>;
    const planned = await plansOf(async (_env, db) => {
      context = await loadTicketMail(createDb(db), env.MAIL_DOMAIN, { tenantId: t.tenant.id, ticketId: ticket.id, personIds: [agent.id, t.user.id] });
      await assertReferences(createDb(db), t.tenant.id, { subscriberIds: [customer.id, colleague.id] });
      await categoryRepo(createDb(db), { tenantId: t.tenant.id, slug: t.tenant.slug, mailDomain: env.MAIL_DOMAIN, locale: "en" }).create({ names: { en: "Billing" }, agentIds: [agent.id, t.user.id] });
    });
    expect(context!.context.people.map((p) => p.id).sort((a, b) => a - b)).toEqual([t.user.id, customer.id, colleague.id, agent.id].sort((a, b) => a - b));
    expect(wholeTenantReads(planned)).toEqual([]);
  });

  it("signing a deactivated user out deletes their sessions by index", async () => {
    const { t, agent } = await tenantWithTicket("plan-session");
    await createSession(createDb(env.DB), t.tenant.id, agent.id);
    const planned = await plansOf((_env, db) => userRepo(createDb(db), t.tenant.id).update(agent.id, { active: false }));
    const { results } = await env.DB.prepare("select count(*) as n from sessions where tenant_id = ? and user_id = ?").bind(t.tenant.id, agent.id).all<{ n: number }>();
    expect(results[0]!.n).toBe(0);
    expect(wholeTenantReads(planned)).toEqual([]);
  });

  it("pages of users and of outgoing mail are read in index order, not sorted whole", async () => {
    const { t, customer, ticket } = await tenantWithTicket("plan-pages");
    await outboxMail(t.tenant.id, ticket.id, customer.emails[0]);
    const pages: number[] = [];
    const planned = await plansOf(async (_env, db) => {
      pages.push((await userRepo(createDb(db), t.tenant.id).list({ limit: 20, offset: 0 })).length);
      pages.push((await outboxPage(createDb(db), t.tenant.id, { limit: 20 })).length);
      pages.push((await outboxPage(createDb(db), t.tenant.id, { status: "queued", limit: 20 })).length);
    });
    expect(pages[0]).toBeGreaterThanOrEqual(4);
    expect(pages[1]).toBeGreaterThanOrEqual(1);
    expect(pages[2]).toBeGreaterThanOrEqual(1);
    expect(sortedInMemory(planned)).toEqual([]);
    // The page's addresses, phones and recipients are looked up by user and mail.
    expect(wholeTenantReads(planned.filter((p) => !/^select .* from "(users|outbound_mails)" where/.test(p.sql)))).toEqual([]);
  });

  it("a notice's facts look a ticket's first, latest and event messages and files up by id, not along all of them", async () => {
    const { ticket } = await tenantWithTicket("plan-facts");
    const row = (await createDb(env.DB).query.tickets.findFirst({ where: (x, { eq }) => eq(x.id, ticket.id) }))!;
    const { id: firstId } = (await env.DB.prepare("select id from articles where ticket_id = ?").bind(ticket.id).first<{ id: number }>())!;
    const people = { customer: null, assignee: null, originator: null, subscribers: [] };
    let texts: string[] = [];
    const planned = await plansOf(async (_env, db) => {
      texts = (await loadTicketFacts(createDb(db), env, row, people, [firstId])).articles.map((a) => a.text);
    });
    expect(texts).toEqual(["Smoke everywhere."]);
    // The messages and the files: each a union of index lookups by id (the short lists come from the ticket's newest end).
    expect(planned.filter((p) => /^select .* from "(articles|attachments)"/.test(p.sql)).map((p) => p.plan[0])).toEqual(["MULTI-INDEX OR", "MULTI-INDEX OR"]);
    expect(wholeTenantReads(planned)).toEqual([]);
  });
});
