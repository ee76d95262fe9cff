import type { Bindings } from "../env";
import { deadLetter, deliverMail } from "./deliver";
import { escalateFailedNotification } from "../notify/escalate-failed";
import type { OutboxMessage } from "./outbox";

/** Queue names as wrangler.toml declares them. */
export const OUTBOX_QUEUE = "edgedesk-outbox";
export const OUTBOX_DEAD_LETTER_QUEUE = "edgedesk-outbox-dlq";

/** Delivers each mail of a batch; failed tries come back after the mail's own backoff. */
export async function consumeOutbox(batch: MessageBatch<OutboxMessage>, env: Bindings): Promise<void> {
  for (const message of batch.messages) {
    try {
      const outcome = await deliverMail(env, message.body.tenantId, message.body.messageId);
      if (outcome.state === "retry") message.retry({ delaySeconds: outcome.retryInSeconds });
      else message.ack();
      // A notice nobody received goes one group further up the escalation chain.
      if (outcome.state === "failed" && outcome.mail.kind === "notification") {
        await escalateFailedNotification(env, message.body.tenantId, outcome.mail.id).catch((e) => console.error("escalation failed", e));
      }
    } catch (e) {
      // Not a transport failure (those are recorded and never throw) but our own trouble,
      // e.g. D1 unavailable: let the queue retry, and dead-letter after its limit.
      console.error("outbox delivery crashed", e);
      message.retry({ delaySeconds: 60 });
    }
  }
}

/** Messages the queue gave up on: their mails are marked failed so the article shows it. */
export async function consumeDeadLetters(batch: MessageBatch<OutboxMessage>, env: Bindings): Promise<void> {
  for (const message of batch.messages) {
    await deadLetter(env, message.body.tenantId, message.body.messageId);
    message.ack();
  }
}
