import { app } from "./app";
import { receiveEmail } from "./channels/email/receive";
import { runScheduled } from "./cron/dispatch";
import type { Bindings } from "./env";

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
} satisfies ExportedHandler<Bindings>;
