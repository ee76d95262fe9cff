import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { userEmails, users } from "../db/schema";
import type { Person } from "./pipeline";

/**
 * The user id of a person the pipeline named, creating a customer for a new address.
 * User and address are inserted in one transaction: when the same new sender writes twice
 * at once, the second insert hits the address's unique key, rolls back, and both mails
 * end up with the one user.
 */
export async function ensurePerson(db: Db, tenantId: number, person: Person): Promise<number> {
  if (person.userId !== null) return person.userId;
  const address = person.address.toLowerCase();
  const find = async () =>
    (await db.select({ userId: userEmails.userId }).from(userEmails).where(and(eq(userEmails.tenantId, tenantId), eq(userEmails.email, address))))[0]?.userId;
  const existing = await find();
  if (existing) return existing;
  const now = Date.now();
  try {
    await db.batch([
      db.insert(users).values({ tenantId, role: "customer", name: person.name.slice(0, 200), createdAt: now, updatedAt: now }),
      db.insert(userEmails).values({ tenantId, userId: sql`last_insert_rowid()` as unknown as number, email: address, primary: true }),
    ]);
  } catch (e) {
    if (!/UNIQUE constraint failed/.test(`${e} ${(e as Error)?.cause ?? ""}`)) throw e;
  }
  const created = await find();
  if (!created) throw new Error(`Could not create a user for ${address}`);
  return created;
}
