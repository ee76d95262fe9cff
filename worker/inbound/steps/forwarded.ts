import { userRepo } from "../../users/repo";
import type { Person, Step } from "../pipeline";
import { isStaff } from "./sender";
import { isOwnAddress } from "./tenant";

const FORWARD_SUBJECT = /^\s*(fwd?|wg|tr|rv|doorst)\s*:/i;
// The header block an agent's client puts above the forwarded message, in common languages.
const FROM_LINE = /^[>\s*]*(?:from|von|de|van|da|od|från|fra)\s*:\s*\**\s*(.+)$/im;
const ADDRESS = /([^\s<>"'\[\]():;,]+@[^\s<>"'\[\]():;,]+\.[a-z]{2,})/i;

/** The original sender named in the forwarded part of a message, if it names one. */
export function forwardedSender(text: string): { name: string; address: string } | null {
  const marker = text.search(/(forwarded message|original message|weitergeleitete nachricht|ursprüngliche nachricht|message transféré|begin forwarded message|^\s*from:)/im);
  const line = FROM_LINE.exec(marker >= 0 ? text.slice(marker) : text);
  if (!line) return null;
  const address = ADDRESS.exec(line[1]!)?.[1];
  if (!address) return null;
  const name = line[1]!.replace(/<[^>]*>|\[mailto:[^\]]*\]|["*]/g, "").replace(address, "").trim();
  return { name: name || address.split("@")[0]!, address: address.toLowerCase() };
}

/**
 * An agent who forwards a customer's mail to the helpdesk means "open a ticket for this
 * customer": the original sender becomes the ticket's customer, not the agent.
 */
export const forwardedStep: Step = async (msg, ann, { db, env }) => {
  const sender = ann.sender;
  if (!sender?.userId || !isStaff(sender.role) || !FORWARD_SUBJECT.test(msg.subject)) return;
  const original = forwardedSender(msg.text);
  if (!original || original.address === sender.address || isOwnAddress(original.address, ann.tenant!, env.MAIL_DOMAIN)) return;
  const user = await userRepo(db, msg.tenantId).findByEmail(original.address);
  const customer: Person = user
    ? { userId: user.id, role: user.role, address: original.address }
    : { userId: null, role: "customer", address: original.address, name: original.name };
  return { annotate: { customer } };
};
