import type { Bindings } from "../env";
import { deadLetter, deliverMail } from "./deliver";
import { escalateFailedNotification } from "../notify/escalate-failed";
import { notifyTicket } from "../notify/notify";
import type { OutboxMessage } from "./outbox";

/** Queue names as wrangler.toml declares them. */
export const OUTBOX_QUEUE = "edgedesk-outbox";
export const OUTBOX_DEAD_LETTER_QUEUE = "edgedesk-outbox-dlq";

/**
 * Works through a batch: notification jobs queue their mails, deliveries are sent; failed
 * tries come back after the mail's own backoff.
 */
export async function consumeOutbox(batch: MessageBatch<OutboxMessage>, env: Bindings): Promise<void> {
  for (const message of batch.messages) {
    const job = message.body;
    if ("notify" in job) {
      // The notices are written last, in one batch, so a job that fails before that leaves nothing
      // behind and its retry starts clean. (A consumer lost between that write and the ack would
      // write them again: the queue delivers at least once.)
      await notifyTicket(env, job.tenantId, job.notify).then(
        () => message.ack(),
        (e) => {
          console.error("notification job failed", job.notify, e);
          message.retry({ delaySeconds: 30 });
        },
      );
      continue;
    }
    try {
      const outcome = await deliverMail(env, job.tenantId, job.messageId);
      if (outcome.state === "retry") message.retry({ delaySeconds: outcome.retryInSeconds });
      else message.ack();
      // A notice nobody received goes one group further up the escalation chain.
      if (outcome.state === "failed" && outcome.mail.kind === "notification") {
        await escalateFailedNotification(env, job.tenantId, outcome.mail.id).catch((e) => console.error("escalation failed", e));
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
    const job = message.body;
    if ("notify" in job) console.error("notification job given up after the queue's retries", job);
    else await deadLetter(env, job.tenantId, job.messageId);
    message.ack();
  }
}
