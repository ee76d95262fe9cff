import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { inList } from "../db/json-rows";
import { auditEvents, categoryAgents, ticketUnsubscribes, tickets, users } from "../db/schema";
import { peopleByIds, peopleWhere, subscribersOf, type Person } from "../outbound/people";
import { blockedRecipients } from "../outbound/recipient-policy";
import type { NotificationRule, RecipientGroup } from "./events";

type TicketRow = typeof tickets.$inferSelect;

/** Who to try next when a recipient cannot be mailed, in order. */
export const ESCALATION_CHAIN = ["category_agents", "category_managers", "all_agents", "admins"] as const satisfies RecipientGroup[];

export interface ResolvedRecipient {
  person: Person | null;
  email: string;
  /** Why this person got the mail: their group, or the group escalated to. */
  via: RecipientGroup | "extra" | `escalated:${RecipientGroup}`;
}

const STAFF = sql`${users.role} in ('admin', 'agent')`;

/** People already read with the ticket (its mail context): the customer, assignee and subscribers need no query of their own. */
export interface KnownPeople {
  people: Person[];
  subscribers: Person[];
}

/** The people a group names for one ticket (deliverable or not; that is checked afterwards). */
async function group(db: Db, ticket: TicketRow, name: RecipientGroup, known?: KnownPeople): Promise<Person[]> {
  const { tenantId } = ticket;
  const byId = (id: number) => {
    const person = known?.people.find((p) => p.id === id);
    return person ? Promise.resolve([person]) : peopleByIds(db, tenantId, [id]);
  };
  const inCategory = ticket.categoryId
    ? sql`${users.id} in (select user_id from ${categoryAgents} where tenant_id = ${tenantId} and category_id = ${ticket.categoryId})`
    : null;
  switch (name) {
    case "assignee": {
      if (ticket.assigneeId) return byId(ticket.assigneeId);
      // Nobody owns the ticket yet: its category's agents, and without those, every agent.
      const categoryPeople = inCategory ? await peopleWhere(db, tenantId, and(STAFF, inCategory)) : [];
      return categoryPeople.length ? categoryPeople : peopleWhere(db, tenantId, eq(users.role, "agent"));
    }
    case "last_assignee": {
      if (ticket.assigneeId) return byId(ticket.assigneeId);
      // The latest change that took the ticket from someone, found walking the ticket's
      // history backwards by index: one row read however long the history.
      const previous = sql<number>`${auditEvents.changes} ->> '$.assigneeId.from'`;
      const [last] = await db
        .select({ assigneeId: previous })
        .from(auditEvents)
        .where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.entity, "ticket"), eq(auditEvents.entityId, ticket.id), isNotNull(previous)))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      return last ? peopleByIds(db, tenantId, [Number(last.assigneeId)]) : group(db, ticket, "assignee", known);
    }
    case "category_agents":
      return inCategory ? peopleWhere(db, tenantId, and(STAFF, inCategory)) : [];
    case "category_managers":
      // Admins who work the category are the ones who manage it.
      return inCategory ? peopleWhere(db, tenantId, and(eq(users.role, "admin"), inCategory)) : [];
    case "all_agents":
      // Admins are the chain's last step (and have their own new-ticket switch).
      return peopleWhere(db, tenantId, eq(users.role, "agent"));
    case "admins":
      return peopleWhere(db, tenantId, eq(users.role, "admin"));
    case "customer":
      return ticket.customerId ? byId(ticket.customerId) : [];
    case "company_contacts":
      return companyContacts(db, ticket, ticket.customerId ? (await byId(ticket.customerId))[0] : undefined);
    case "subscribers":
      return known ? known.subscribers : subscribersOf(db, tenantId, ticket.id);
  }
}

/**
 * Active customers flagged as contacts of the ticket customer's company (same company name,
 * ignoring case and surrounding spaces). Compared here rather than in SQL, whose lower()
 * folds ASCII only ("MÜLLER" ≠ "müller"); flagged contacts are few per tenant.
 */
async function companyContacts(db: Db, ticket: TicketRow, customer: Person | undefined): Promise<Person[]> {
  const company = customer?.company?.trim().toLowerCase();
  if (!company) return [];
  const flagged = await peopleWhere(db, ticket.tenantId, and(eq(users.role, "customer"), eq(users.active, true), eq(users.companyContact, true), isNotNull(users.company)));
  return flagged.filter((p) => p.company!.trim().toLowerCase() === company);
}

/**
 * Resolves a rule into mail recipients for one ticket: never the person who caused the
 * event, nobody who unsubscribed from the ticket, and — for staff who cannot be mailed (no
 * address, deactivated, address failed before) — the next group of the escalation chain
 * that has someone deliverable.
 */
export async function resolveRecipients(
  db: Db,
  mailDomain: string,
  ticket: TicketRow,
  rule: Pick<NotificationRule, "recipients" | "extraAgentIds" | "extraAddresses">,
  options: {
    /** Who caused the event: never told of it. */
    actorId: number | null;
    /** Addresses known to have failed just now (a notification that bounced), treated as unreachable. */
    failedAddresses?: ReadonlySet<string>;
    known?: KnownPeople;
  },
): Promise<ResolvedRecipient[]> {
  const { actorId, failedAddresses = new Set<string>(), known } = options;
  const { tenantId } = ticket;
  const unsubscribed = new Set(
    (
      await db
        .select({ userId: ticketUnsubscribes.userId })
        .from(ticketUnsubscribes)
        .where(and(eq(ticketUnsubscribes.tenantId, tenantId), eq(ticketUnsubscribes.ticketId, ticket.id)))
    ).map((u) => u.userId),
  );
  const wanted = (p: Person) => p.id !== actorId && !unsubscribed.has(p.id);

  const named: { person: Person; via: ResolvedRecipient["via"] }[] = [];
  for (const name of rule.recipients) for (const person of await group(db, ticket, name, known)) if (wanted(person)) named.push({ person, via: name });
  if (rule.extraAgentIds.length) {
    for (const person of await peopleWhere(db, tenantId, and(inList(users.id, rule.extraAgentIds), STAFF))) if (wanted(person)) named.push({ person, via: "extra" });
  }

  const emails = named.map((n) => n.person.email).filter((e): e is string => !!e);
  const blocked = await blockedRecipients(db, tenantId, mailDomain, [...emails, ...rule.extraAddresses]);
  const reachable = (email: string) => !blocked.has(email.toLowerCase()) && !failedAddresses.has(email.toLowerCase());
  const deliverable = (p: Person) => p.active && !!p.email && reachable(p.email);

  const result = new Map<string, ResolvedRecipient>();
  const add = (r: ResolvedRecipient) => {
    const key = r.email.toLowerCase();
    if (!result.has(key)) result.set(key, r);
  };
  for (const { person, via } of named) {
    if (deliverable(person)) {
      add({ person, email: person.email!, via });
      continue;
    }
    if (person.role === "customer") continue;
    // A staff member we cannot reach: the notification goes one group further up.
    const start = (ESCALATION_CHAIN as readonly string[]).indexOf(via) + 1;
    for (const next of ESCALATION_CHAIN.slice(start)) {
      const candidates = (await group(db, ticket, next)).filter((p) => wanted(p) && p.active && p.email);
      const blockedNext = await blockedRecipients(db, tenantId, mailDomain, candidates.map((p) => p.email!));
      const found = candidates.filter((p) => !blockedNext.has(p.email!.toLowerCase()) && !failedAddresses.has(p.email!.toLowerCase()));
      if (found.length) {
        for (const p of found) add({ person: p, email: p.email!, via: `escalated:${next}` });
        break;
      }
    }
  }
  for (const address of rule.extraAddresses) if (!blocked.has(address.toLowerCase())) add({ person: null, email: address, via: "extra" });
  return [...result.values()];
}
