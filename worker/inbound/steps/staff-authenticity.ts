import type { Step } from "../pipeline";
import { isStaff } from "./sender";

/** The receiving server's verdict says the From address was forged or not vouched for. */
export function failsAuthentication(results: string | undefined): boolean {
  if (!results) return false;
  const r = results.toLowerCase();
  if (/\bdmarc=fail\b/.test(r)) return true;
  return /\bspf=(fail|softfail)\b/.test(r) && !/\bdkim=pass\b/.test(r);
}

/**
 * Agents' mail has powers (agent replies, internal notes, closing, forwarding, any ticket by
 * number), so mail that claims an agent's address but failed the receiving server's SPF/DKIM/
 * DMARC checks is kept for an admin instead of acted upon. Only the topmost
 * Authentication-Results header counts: the sender can forge any below it. An admin's replay
 * overrides the check.
 */
export const staffAuthenticityStep: Step = async (msg, ann, { replay }) => {
  const sender = ann.sender;
  if (replay || !sender?.userId || !isStaff(sender.role)) return;
  if (failsAuthentication(msg.headers["authentication-results"])) {
    return { stop: { reason: "unauthenticated_staff_sender", detail: `Mail claims to be from agent ${sender.address} but failed authentication: ${msg.headers["authentication-results"]}` } };
  }
};
