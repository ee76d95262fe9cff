import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { userEmails, users } from "../db/schema";
import type { Person } from "./pipeline";

/**
 * The user id of a person the pipeline named, creating a customer for an address it found
 * no user for. User and address are inserted in one transaction: when the same new sender
 * writes twice at once, the second insert hits the address's unique key, rolls back, and
 * both mails end up with the one user.
 */
export async function ensurePerson(db: Db, tenantId: number, person: Person): Promise<number> {
  if (person.userId !== null) return person.userId;
  const address = person.address.toLowerCase();
  const now = Date.now();
  try {
    const [created] = await db.batch([
      db.insert(users).values({ tenantId, role: "customer", name: person.name.slice(0, 200), createdAt: now, updatedAt: now }).returning({ id: users.id }),
      db.insert(userEmails).values({ tenantId, userId: sql`last_insert_rowid()` as unknown as number, email: address, primary: true }),
    ]);
    return created[0]!.id;
  } catch (e) {
    if (!/UNIQUE constraint failed/.test(`${e} ${(e as Error)?.cause ?? ""}`)) throw e;
  }
  const [existing] = await db.select({ userId: userEmails.userId }).from(userEmails).where(and(eq(userEmails.tenantId, tenantId), eq(userEmails.email, address)));
  if (!existing) throw new Error(`Could not create a user for ${address}`);
  return existing.userId;
}
