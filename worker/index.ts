import { app } from "./app";
import { receiveEmail } from "./channels/email/receive";
import { runScheduled } from "./cron/dispatch";
import type { Bindings } from "./env";
import { consumeDeadLetters, consumeOutbox, OUTBOX_DEAD_LETTER_QUEUE } from "./outbound/queue";
import type { OutboxMessage } from "./outbound/outbox";

export { TenantHub } from "./realtime/tenant-hub.do";
export { TicketRoom } from "./realtime/ticket-room.do";

export default {
  fetch: app.fetch,
  // Email Routing's catch-all for MAIL_DOMAIN; awaiting makes a rejection reach the sender.
  async email(message, env) {
    await receiveEmail(message, env);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller, env));
  },
  async queue(batch, env) {
    const mail = batch as MessageBatch<OutboxMessage>;
    await (batch.queue === OUTBOX_DEAD_LETTER_QUEUE ? consumeDeadLetters(mail, env) : consumeOutbox(mail, env));
  },
} satisfies ExportedHandler<Bindings>;
