import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { inList } from "../db/json-rows";
import { ticketSubscribers, users } from "../db/schema";

/** A user as mail sees them: who they are and where mail reaches them (primary address first). */
export interface Person {
  id: number;
  name: string;
  role: "admin" | "agent" | "customer";
  active: boolean;
  company: string | null;
  locale: string | null;
  email: string | null;
}

const primaryEmail = sql<string | null>`(select email from user_emails e where e.tenant_id = ${users.tenantId} and e.user_id = ${users.id} order by e.is_primary desc, rowid limit 1)`;

/** The columns a `Person` is read with. */
export const personColumns = {
  id: users.id,
  name: users.name,
  role: users.role,
  active: users.active,
  company: users.company,
  locale: users.locale,
  email: primaryEmail,
};

/** The same columns as one JSON object, for reading people as a list inside another statement. */
export const personJson = sql`json_object('id', ${users.id}, 'name', ${users.name}, 'role', ${users.role}, 'active', ${users.active},
  'company', ${users.company}, 'locale', ${users.locale}, 'email', ${primaryEmail})`;

/** `personJson` as it comes back: SQLite keeps booleans as 0 and 1. */
export type PersonJson = Omit<Person, "active"> & { active: number };

export const personFromJson = ({ id, name, role, active, company, locale, email }: PersonJson): Person => ({ id, name, role, active: !!active, company, locale, email });

/** People of one tenant by id, in no particular order; unknown ids are left out. */
export async function peopleByIds(db: Db, tenantId: number, ids: number[]): Promise<Person[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db.select(personColumns).from(users).where(and(eq(users.tenantId, tenantId), inList(users.id, unique)));
}

export async function peopleWhere(db: Db, tenantId: number, condition: ReturnType<typeof sql> | undefined): Promise<Person[]> {
  return db.select(personColumns).from(users).where(and(eq(users.tenantId, tenantId), condition)).orderBy(users.id);
}

export async function subscribersOf(db: Db, tenantId: number, ticketId: number): Promise<Person[]> {
  return peopleWhere(db, tenantId, sql`${users.id} in (select user_id from ${ticketSubscribers} where tenant_id = ${tenantId} and ticket_id = ${ticketId})`);
}
