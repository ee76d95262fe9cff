import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { userEmails, userPhones, users } from "../db/schema";
import type { InboundMessage } from "./message";
import type { Person } from "./pipeline";

type Channel = InboundMessage["channel"];

/**
 * The id of the user an address belongs to, as a subquery: an email address, an X handle or
 * a phone number depending on the channel (each adapter hands addresses over normalised).
 */
export function userIdByAddress(channel: Channel, tenantId: number, address: string): SQL {
  switch (channel) {
    case "twitter":
      return sql`(select id from users where tenant_id = ${tenantId} and x_handle = ${address})`;
    case "phone":
      return sql`(select user_id from user_phones where tenant_id = ${tenantId} and phone = ${address})`;
    default:
      return sql`(select user_id from user_emails where tenant_id = ${tenantId} and email = ${address})`;
  }
}

/**
 * The user id of a person the pipeline named, creating a customer for an address it found
 * no user for. User and address are inserted in one transaction: when the same new sender
 * writes twice at once, the second insert hits the address's unique key, rolls back, and
 * both messages end up with the one user.
 */
export async function ensurePerson(db: Db, tenantId: number, channel: Channel, person: Person): Promise<number> {
  if (person.userId !== null) return person.userId;
  const address = person.address.toLowerCase();
  const now = Date.now();
  const user = { tenantId, role: "customer" as const, name: person.name.slice(0, 200), createdAt: now, updatedAt: now };
  const newUserId = sql`last_insert_rowid()` as unknown as number;
  try {
    if (channel === "twitter") {
      const [created] = await db.insert(users).values({ ...user, xHandle: address }).returning({ id: users.id });
      return created!.id;
    }
    const [created] = await db.batch([
      db.insert(users).values(user).returning({ id: users.id }),
      channel === "phone"
        ? db.insert(userPhones).values({ tenantId, userId: newUserId, phone: address })
        : db.insert(userEmails).values({ tenantId, userId: newUserId, email: address, primary: true }),
    ]);
    return created[0]!.id;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const [existing] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userIdByAddress(channel, tenantId, address))));
  if (!existing) throw new Error(`Could not create a user for ${address}`);
  return existing.id;
}
