import type { Step } from "../pipeline";

/**
 * A message already stored for this tenant adds nothing. Two copies arriving at the same
 * moment both pass here; the unique (tenant, message_id) index then refuses the second write.
 */
export const dedupeStep: Step = async (msg, _ann, { facts }) => {
  if (facts.duplicateOfTicket !== null) {
    return { stop: { reason: "duplicate", detail: `Message ${msg.externalId} was already received`, ticketId: facts.duplicateOfTicket } };
  }
};
