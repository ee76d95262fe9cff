import type { Step } from "../pipeline";

const NO_REPLY = /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|noreply[-_.].*|.*[-_.]no[-_.]?reply)@/i;

/** Mail from addresses nobody reads still becomes a ticket, but never gets an automatic answer. */
export const noReplySenderStep: Step = async (msg) => {
  if (msg.from && NO_REPLY.test(msg.from.address)) return { annotate: { mayAutoAnswer: false } };
};
