import type { Step } from "../pipeline";

const isStaff = (role: string) => role === "agent" || role === "admin";
export { isStaff };

/**
 * Finds the user behind the sender address. Unknown senders become customers when the
 * tenant accepts unregistered senders; otherwise the mail is refused for that tenant
 * (kept, with no user created). Machines (auto-replies, bounces) never get a user.
 */
export const senderStep: Step = async (msg, ann, { facts }) => {
  const address = msg.from?.address.toLowerCase();
  const machine = ann.kind !== "message";
  if (!address) {
    if (machine) return { annotate: { sender: null } };
    return { stop: { reason: "no_sender", detail: "The message names no sender address" } };
  }
  const user = facts.senderUser;
  if (user) return { annotate: { sender: { userId: user.id, role: user.role, address } } };
  if (machine) return { annotate: { sender: null } };
  if (!ann.tenant!.settings.acceptUnregisteredSenders) {
    return { stop: { reason: "unregistered_sender", detail: `${address} is not a registered user and this helpdesk accepts mail only from registered users` } };
  }
  const name = msg.from?.name?.trim() || address.split("@")[0]!;
  return { annotate: { sender: { userId: null, role: "customer", address, name } } };
};
