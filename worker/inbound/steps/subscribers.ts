import { and, eq, inArray } from "drizzle-orm";
import { userEmails, users } from "../../db/schema";
import type { Person, Step } from "../pipeline";
import { isOwnAddress } from "./tenant";

// A mail to hundreds of addresses is a mass mailing, not a conversation to join.
const MAX_SUBSCRIBERS = 25;

/**
 * People in TO and CC of a mail that opens a ticket follow the ticket (tenant setting, on by
 * default); those without an account are created as customers by ingest.
 */
export const subscribersStep: Step = async (msg, ann, { db, env }) => {
  if (ann.followUp || ann.kind !== "message" || !ann.tenant!.settings.addCcAsSubscribers) return;
  const skip = new Set([ann.sender?.address, ann.customer?.address].filter(Boolean));
  const addresses = [...msg.to, ...msg.cc]
    .map((a) => a.address.toLowerCase())
    .filter((a) => a.includes("@") && !skip.has(a) && !isOwnAddress(a, ann.tenant!, env.MAIL_DOMAIN) && !a.endsWith(`@${env.MAIL_DOMAIN}`))
    .filter((a, i, all) => all.indexOf(a) === i)
    .slice(0, MAX_SUBSCRIBERS);
  if (!addresses.length) return;
  const known = await db
    .select({ email: userEmails.email, userId: users.id, role: users.role })
    .from(userEmails)
    .innerJoin(users, eq(users.id, userEmails.userId))
    .where(and(eq(userEmails.tenantId, msg.tenantId), inArray(userEmails.email, addresses)));
  const names = new Map([...msg.to, ...msg.cc].map((a) => [a.address.toLowerCase(), a.name?.trim()]));
  const subscribers: Person[] = addresses.map((address) => {
    const user = known.find((k) => k.email === address);
    return user
      ? { userId: user.userId, role: user.role, address }
      : { userId: null, role: "customer", address, name: names.get(address) || address.split("@")[0]! };
  });
  return { annotate: { subscribers } };
};
