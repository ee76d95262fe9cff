import { and, count, eq, gt } from "drizzle-orm";
import { tickets } from "../../db/schema";
import type { Step } from "../pipeline";
import { isStaff } from "./sender";

export const MAX_NEW_TICKETS_PER_SENDER = 40;
const WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * More than 40 new tickets from one address in 24 hours is a loop or a flood: further mail
 * is kept (replayable) instead of burying the agents. Follow-ups and agents are not limited,
 * and neither is an admin's replay.
 */
export const rateLimitStep: Step = async (msg, ann, { db, now, replay }) => {
  const sender = ann.sender;
  if (replay || ann.followUp || !sender?.userId || isStaff(sender.role)) return;
  const [row] = await db
    .select({ n: count() })
    .from(tickets)
    .where(and(eq(tickets.tenantId, msg.tenantId), eq(tickets.customerId, sender.userId), eq(tickets.channel, msg.channel), gt(tickets.createdAt, now - WINDOW_MS)));
  if ((row?.n ?? 0) >= MAX_NEW_TICKETS_PER_SENDER) {
    return { stop: { reason: "rate_limited", detail: `${sender.address} opened ${row!.n} tickets in the last 24 hours (limit ${MAX_NEW_TICKETS_PER_SENDER})` } };
  }
};
