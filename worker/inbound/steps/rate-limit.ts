import type { Step } from "../pipeline";
import { isStaff } from "./sender";

export const MAX_NEW_TICKETS_PER_SENDER = 40;

/**
 * More than 40 new tickets from one address in 24 hours is a loop or a flood: further mail
 * is kept (replayable) instead of burying the agents. Follow-ups and agents are not limited,
 * and neither is an admin's replay.
 */
export const rateLimitStep: Step = async (_msg, ann, { replay, facts }) => {
  const sender = ann.sender;
  if (replay || ann.followUp || !sender?.userId || isStaff(sender.role)) return;
  const opened = facts.recentTicketsBySender;
  if (opened >= MAX_NEW_TICKETS_PER_SENDER) {
    return { stop: { reason: "rate_limited", detail: `${sender.address} opened ${opened} tickets in the last 24 hours (limit ${MAX_NEW_TICKETS_PER_SENDER})` } };
  }
};
