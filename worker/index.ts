import { app } from "./app";
import { runScheduled } from "./cron/dispatch";
import type { Bindings } from "./env";

export { TenantHub } from "./realtime/tenant-hub.do";
export { TicketRoom } from "./realtime/ticket-room.do";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller, env));
  },
} satisfies ExportedHandler<Bindings>;
