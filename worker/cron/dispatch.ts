import { createDb } from "../db/client";
import type { Bindings } from "../env";
import { deleteExpiredSessions } from "../auth/sessions";
import { deleteStaleLimits } from "../auth/rate-limit";
import { sweepOutbox } from "../outbound/outbox";

/** Housekeeping that every cron tick runs: expired sessions and old rate-limit windows go, and mail the queue lost is queued again. */
export async function runScheduled(_controller: ScheduledController, env: Bindings): Promise<void> {
  const db = createDb(env.DB);
  const now = Date.now();
  await deleteExpiredSessions(db, now);
  await deleteStaleLimits(db, now - 24 * 3600 * 1000);
  await sweepOutbox(env, db, now);
}
