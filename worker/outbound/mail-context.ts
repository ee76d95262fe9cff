import { and, eq, getTableColumns, sql, type Placeholder, type SQL } from "drizzle-orm";
import { categoryAddress } from "../categories/names";
import type { Db } from "../db/client";
import { filterOnly } from "../db/planner";
import { articles, categories, inboundAddresses, notificationSettings, tenants, tickets, ticketSubscribers, users } from "../db/schema";
import { settingsFrom, type NotificationSettings } from "../notify/settings";
import { standardAddress } from "../tenants/service";
import type { TicketRow } from "../tickets/repo";
import { personFromJson, personJson, type Person, type PersonJson } from "./people";
import { MAX_REFERENCES, threadFrom, type Thread } from "./thread";

/** What every mail about one ticket needs to know, whoever it goes to. */
export interface MailContext {
  tenant: typeof tenants.$inferSelect;
  settings: NotificationSettings;
  thread: Thread;
  /** The ticket's customer, assignee and subscribers, the people asked for by id and the article's author (unknown ids left out). */
  people: Person[];
  subscribers: Person[];
  /** The address the ticket is routed by now: the answer to any of our mails comes back there. */
  replyTo: string;
}

export interface TicketMail {
  ticket: TicketRow;
  /** The article asked for, if any and if it belongs to the ticket. */
  article: typeof articles.$inferSelect | undefined;
  context: MailContext;
}

export interface TicketMailQuery {
  tenantId: number;
  ticketId: number;
  /** The caller's visibility condition on `tickets`, if any: a ticket the caller may not see reads as missing. */
  visibility?: SQL;
  personIds?: (number | null)[];
  articleId?: number;
}

/**
 * The tenant's columns under names of their own: D1 hands a batch's rows over as objects,
 * where the tenant's `id` or `created_at` would overwrite the ticket's.
 */
const tenantColumns = Object.fromEntries(
  Object.entries(getTableColumns(tenants)).map(([key, column]) => [key, sql`${column}`.mapWith(column).as(`tenant.${column.name}`)]),
) as unknown as ReturnType<typeof getTableColumns<typeof tenants>>;

const json = <T>(text: string | null) => (text === null ? null : (JSON.parse(text) as T));

/** The values of one read: literal, or placeholders for the prepared statement. `ids` is a JSON array of user ids. */
interface Params {
  tenantId: number | Placeholder;
  ticketId: number | Placeholder;
  ids: string | Placeholder;
  articleId: number | Placeholder;
}

/**
 * A ticket with its mail context as one statement: the ticket joined to its tenant, with the
 * tenant's switches, the category's routing, the thread and everyone the mail may name as
 * subqueries (the lists as JSON arrays). The subqueries name the ticket by its literal id,
 * not by correlation, so SQLite evaluates each once, and `users.id in (…)` is looked up by id
 * (`filterOnly`), not found among all the tenant's users.
 */
function ticketMailSelect(db: Db, p: Params, visibility?: SQL) {
  const ticketColumn = (column: "customer_id" | "assignee_id") => sql`select ${sql.identifier(column)} from ${tickets} where tenant_id = ${p.tenantId} and id = ${p.ticketId}`;
  const subscribed = sql`select user_id from ${ticketSubscribers} where tenant_id = ${p.tenantId} and ticket_id = ${p.ticketId}`;
  return db
    .select({
      ticket: tickets,
      tenant: tenantColumns,
      switches: sql<string | null>`(select settings from ${notificationSettings} where tenant_id = ${p.tenantId})`.mapWith(json<unknown>),
      categoryNames: sql<string | null>`(select names from ${categories} where tenant_id = ${p.tenantId} and id = ${tickets.categoryId})`.mapWith(
        json<Record<string, string>>,
      ),
      customAddress: sql<string | null>`(select address from ${inboundAddresses} where tenant_id = ${p.tenantId} and kind = 'custom'
        and category_id = ${tickets.categoryId} limit 1)`,
      // [id, messageId, direction] of the messages `threadFrom` may name (see `threadMessages`); ordered in JS, as an aggregate's order is not SQL's promise.
      thread: sql<string>`(select json_group_array(json_array(id, message_id, direction)) from (${threadMessages(p)}))`.mapWith(json<[number, string, "in" | "out"][]>),
      people: sql<string>`(select json_group_array(json_insert(${personJson}, '$.subscribed', ${users.id} in (${subscribed}))) from ${users}
        where ${filterOnly(users.tenantId)} = ${p.tenantId} and ${users.id} in (${ticketColumn("customer_id")} union ${ticketColumn("assignee_id")} union ${subscribed}
          union select author_id from ${articles} where tenant_id = ${p.tenantId} and id = ${p.articleId}
          union select value from json_each(${p.ids})))`.mapWith(json<(PersonJson & { subscribed: number })[]>),
    })
    .from(tickets)
    .innerJoin(tenants, eq(tenants.id, tickets.tenantId))
    .where(and(eq(tickets.tenantId, p.tenantId), eq(tickets.id, p.ticketId), visibility));
}

/**
 * The public messages with an id that a new mail's thread ids can name: the first and the latest
 * MAX_REFERENCES that are mail ids, and the latest from the customer. Not every message: each
 * part walks the ticket's articles by (tenant, ticket, id) from one end and stops at its limit,
 * so the read no longer grows with a long conversation (only the walk back to the customer's
 * latest mail does, past the agents' mails since). Measured on one ticket in this workerd, at 0,
 * 500 and 1,000 articles: 1.3, 3.0 and 3.0 ms for the read of every message, 1.4, 1.8 and 2.1 ms for this.
 */
function threadMessages(p: Params) {
  const publicWithId = (where: SQL, order: SQL, limit: number) =>
    sql`select * from (select id, message_id, direction from ${articles} where tenant_id = ${p.tenantId} and ticket_id = ${p.ticketId}
      and internal = 0 and message_id is not null and ${where} order by id ${order} limit ${sql.raw(String(limit))})`;
  const mailId = sql`message_id like '<%'`;
  return sql`${publicWithId(mailId, sql`asc`, 1)} union ${publicWithId(mailId, sql`desc`, MAX_REFERENCES)} union ${publicWithId(sql`direction = 'in'`, sql`desc`, 1)}`;
}

const placeholders: Params = { tenantId: sql.placeholder("tenantId"), ticketId: sql.placeholder("ticketId"), ids: sql.placeholder("ids"), articleId: sql.placeholder("articleId") };

/**
 * The common read (no visibility condition, no article) prepared once per D1 binding: drizzle
 * took about 0.35 ms here to build a select this size (`toSQL()`, 200 times), and a reply's
 * read is always the same statement.
 */
const prepared = new WeakMap<Db, ReturnType<ReturnType<typeof ticketMailSelect>["prepare"]>>();
function preparedSelect(db: Db) {
  let statement = prepared.get(db);
  if (!statement) {
    statement = ticketMailSelect(db, placeholders).prepare();
    prepared.set(db, statement);
  }
  return statement;
}

/**
 * Reads a ticket with its mail context in one statement (see `ticketMailSelect`); a
 * notification's article comes along in the same batch. Locally every D1 call and every
 * statement costs a fixed share of the runtime (a transaction, size and change checks, query
 * building), so a reply costs one read. `Reply-To` is the category's custom address, else its
 * plus-address, else the tenant's standard address, so the customer's answer comes back to
 * the right inbox, also after the ticket changed category. Undefined when the ticket (as the
 * caller may see it) or the tenant is gone.
 */
export async function loadTicketMail(db: Db, mailDomain: string, query: TicketMailQuery): Promise<TicketMail | undefined> {
  const { tenantId, ticketId, articleId } = query;
  const params = { tenantId, ticketId, ids: JSON.stringify([...new Set((query.personIds ?? []).filter((id): id is number => !!id))]), articleId: articleId ?? -1 };
  let rows: Awaited<ReturnType<typeof ticketMailSelect>>;
  let articleRows: (typeof articles.$inferSelect)[] = [];
  if (articleId !== undefined) {
    const articleRead = db
      .select()
      .from(articles)
      .where(and(eq(articles.tenantId, tenantId), eq(articles.ticketId, ticketId), eq(articles.id, articleId)));
    [rows, articleRows] = await db.batch([ticketMailSelect(db, params, query.visibility), articleRead]);
  } else {
    rows = query.visibility ? await ticketMailSelect(db, params, query.visibility) : await preparedSelect(db).all(params);
  }
  const [row] = rows;
  if (!row) return undefined;
  const { ticket, tenant, switches, categoryNames, customAddress } = row;
  const replyTo =
    customAddress ??
    (ticket.categoryId !== null && categoryNames
      ? categoryAddress(tenant.slug, ticket.categoryId, categoryNames.en ?? Object.values(categoryNames)[0] ?? "", mailDomain)
      : standardAddress(tenant.slug, mailDomain));
  const everyone = row.people!.sort((a, b) => a.id - b.id);
  const people = everyone.map(personFromJson);
  const threadRows = row.thread!.sort((a, b) => a[0] - b[0]).map(([, messageId, direction]) => ({ messageId, direction }));
  return {
    ticket,
    article: articleRows[0],
    context: {
      tenant,
      settings: settingsFrom({ settings: switches ?? undefined }),
      thread: threadFrom(threadRows),
      people,
      subscribers: people.filter((_, i) => everyone[i]!.subscribed),
      replyTo,
    },
  };
}
