import { createDb } from "../db/client";
import { inboundChange, notifyJob, queueJobs } from "../notify/notify";
import { publishToTenant } from "../realtime/tenant-hub.do";
import type { Bindings } from "../env";
import { zodIssues } from "../http/errors";
import { keepFailedMail, markReplayed, type FailureReason } from "./failed-mails";
import { ingest } from "./ingest";
import { InboundMessageSchema, type InboundMessage } from "./message";
import { runPipeline } from "./pipeline";

/** Where a message came from, known before it is converted: enough to keep it if conversion fails. */
export interface Arrival {
  tenantId: number;
  channel: InboundMessage["channel"];
  rawKey: string;
  envelopeFrom?: string | null;
  envelopeTo?: string | null;
  /** Set when an admin replays a kept message: its row is updated instead of a new one added. */
  replayOf?: number;
}

export type ProcessResult =
  | { outcome: "ticket" | "follow_up" | "duplicate"; ticketId: number | null; articleId: number | null; mayAutoAnswer: boolean }
  | { outcome: "failed"; reason: FailureReason; detail: string; failedMailId: number; ticketId: number | null; mayAutoAnswer: false };

/** Keeps a message that did not become a ticket or follow-up, with the reason, and reports it as failed. */
export async function keepAsFailed(env: Bindings, arrival: Arrival, reason: FailureReason, detail: string, hints: { messageId?: string | null; subject?: string | null } = {}): Promise<ProcessResult> {
  const failedMailId = await keepFailedMail(
    createDb(env.DB),
    { tenantId: arrival.tenantId, channel: arrival.channel, rawKey: arrival.rawKey, reason, detail, envelopeFrom: arrival.envelopeFrom, envelopeTo: arrival.envelopeTo, ...hints },
    arrival.replayOf,
  );
  return { outcome: "failed", reason, detail, failedMailId, ticketId: null, mayAutoAnswer: false };
}

/**
 * The channel-independent path from a converted message to a ticket: zod check, pipeline,
 * ingest. Whatever goes wrong, the message ends as a ticket, a follow-up, a duplicate of one,
 * or a kept failed mail with the reason; it never disappears.
 */
export async function processInbound(env: Bindings, arrival: Arrival, candidate: unknown, hints: { messageId?: string | null; subject?: string | null } = {}): Promise<ProcessResult> {
  const db = createDb(env.DB);
  const parsed = InboundMessageSchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error).map((i) => `${i.path}: ${i.message}`).join("; ");
    return keepAsFailed(env, arrival, "malformed", `Not a usable message: ${issues}`.slice(0, 2000), hints);
  }
  const msg = parsed.data;
  const kept = { messageId: msg.externalId, subject: msg.subject };
  try {
    const decision = await runPipeline(msg, { db, env, now: Date.now(), replay: !!arrival.replayOf });
    if (!decision.ok) {
      const { stop } = decision;
      if (stop.reason === "duplicate") {
        if (arrival.replayOf) await markReplayed(db, arrival.tenantId, arrival.replayOf, stop.ticketId ?? null);
        return { outcome: "duplicate", ticketId: stop.ticketId ?? null, articleId: null, mayAutoAnswer: false };
      }
      const result = await keepAsFailed(env, arrival, stop.reason, stop.detail, kept);
      return { ...result, ticketId: stop.ticketId ?? null };
    }
    const result = await ingest(env, db, msg, decision.annotations);
    // Dashboards list a new ticket at once; follow-ups are announced by the TicketRoom itself.
    if (result.outcome === "ticket" && result.ticketId) await publishToTenant(env, msg.tenantId, { t: "ticket", ticketId: result.ticketId, change: "created" });
    // Every channel notifies the same people, from the queue: a failed notification must not un-ingest the message.
    const change = inboundChange(result, msg.channel);
    if (change) await queueJobs(env, [notifyJob(msg.tenantId, change)]);
    if (arrival.replayOf) await markReplayed(db, arrival.tenantId, arrival.replayOf, result.ticketId);
    return result;
  } catch (e) {
    console.error("inbound processing failed", arrival.rawKey, e);
    return keepAsFailed(env, arrival, "processing_error", `${(e as Error)?.message ?? e}`.slice(0, 2000), kept);
  }
}
