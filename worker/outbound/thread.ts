/** How many ids References keeps: the thread's start and its most recent messages. */
export const MAX_REFERENCES = 20;

export interface Thread {
  inReplyTo: string | null;
  references: string[];
}

/**
 * The ids a new mail on the ticket continues, from its public messages' ids oldest first:
 * In-Reply-To is the customer's latest message (else our latest), References the thread so
 * far — so the customer's client files our answer under their own conversation.
 */
export function threadFrom(rows: { messageId: string | null; direction: "in" | "out" }[]): Thread {
  const ids = rows.map((r) => r.messageId!).filter((id) => id.startsWith("<"));
  const lastInbound = rows.filter((r) => r.direction === "in").at(-1)?.messageId ?? null;
  const inReplyTo = lastInbound ?? ids.at(-1) ?? null;
  const unique = [...new Set(ids)];
  const references = unique.length > MAX_REFERENCES ? [unique[0]!, ...unique.slice(-(MAX_REFERENCES - 1))] : unique;
  return { inReplyTo, references };
}
