import type { Step } from "../pipeline";
import { isStaff } from "./sender";

const COMMAND = /#(tech|close|unsubscribe|unsub)#/gi;

/** The subject without command words, with the whitespace they leave behind tidied up. */
export const stripCommands = (subject: string) => subject.replace(COMMAND, " ").replace(/\s{2,}/g, " ").trim();

/**
 * Commands in the subject: `#tech#` makes an internal note (agents only), `#close#` closes
 * the ticket (agents and the ticket's customer), `#unsubscribe#`/`#unsub#` stops updates of
 * the ticket to the sender. The words never reach the stored subject, whoever sent them.
 */
export const commandsStep: Step = async (msg, ann) => {
  const words = new Set([...msg.subject.matchAll(COMMAND)].map((m) => m[1]!.toLowerCase()));
  const subject = stripCommands(ann.subject) || "(no subject)";
  if (!words.size || ann.kind !== "message") return { annotate: { subject } };
  const sender = ann.sender;
  const staff = !!sender?.userId && isStaff(sender.role);
  const ticketCustomer = ann.followUp ? !!sender?.userId && ann.followUp.customerId === sender.userId : true;
  return {
    annotate: {
      subject,
      internal: words.has("tech") && staff,
      close: words.has("close") && (staff || ticketCustomer),
      reopen: words.has("close") && (staff || ticketCustomer) ? false : ann.reopen,
      unsubscribe: (words.has("unsubscribe") || words.has("unsub")) && !!ann.followUp,
    },
  };
};
