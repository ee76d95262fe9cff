import PostalMime from "postal-mime";
import { createDb } from "../../db/client";
import type { Bindings } from "../../env";
import type { FailedMailRow } from "../../inbound/failed-mails";
import { keepAsFailed, processInbound, type Arrival, type ProcessResult } from "../../inbound/process";
import { toInboundMessage } from "./convert";
import { routeRecipient, type Route } from "./routing";

/** Email Routing's own ceiling; larger mail is refused so the sender learns at once. */
export const MAX_MAIL_BYTES = 25 * 1024 * 1024;

/** The parts of Cloudflare's ForwardableEmailMessage the adapter uses (tests build these from bytes). */
export type IncomingMail = Pick<ForwardableEmailMessage, "from" | "to" | "raw" | "rawSize" | "setReject">;

export type ReceiveResult = ProcessResult | { outcome: "rejected"; reason: string };

const rawKeyFor = (tenantId: number, now = new Date()) =>
  `t/${tenantId}/raw/${now.toISOString().slice(0, 10)}/${now.getTime()}-${crypto.randomUUID()}.eml`;

/** Parses stored raw bytes and runs the pipeline; shared by first delivery and an admin's replay. */
async function processRaw(env: Bindings, raw: ArrayBuffer, route: Route, arrival: Arrival): Promise<ProcessResult> {
  let email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
  } catch (e) {
    return keepAsFailed(env, arrival, "malformed", `MIME parse error: ${(e as Error)?.message ?? e}`);
  }
  const hints = { messageId: email.messageId ?? null, subject: email.subject ?? null };
  let candidate: unknown;
  try {
    candidate = await toInboundMessage(env, email, raw, route, arrival.rawKey, { from: arrival.envelopeFrom ?? "", to: arrival.envelopeTo ?? "" });
  } catch (e) {
    console.error("email conversion failed", arrival.rawKey, e);
    return keepAsFailed(env, arrival, "processing_error", `Could not convert the message: ${(e as Error)?.message ?? e}`, hints);
  }
  return processInbound(env, arrival, candidate, hints);
}

/**
 * The `email()` handler: transport checks only. Unknown recipients and oversized mail are
 * refused; everything else is written to R2 before anything else runs, then converted and
 * handed to the channel-independent pipeline.
 */
export async function receiveEmail(message: IncomingMail, env: Bindings): Promise<ReceiveResult> {
  if (message.rawSize > MAX_MAIL_BYTES) {
    const reason = `Message too large: ${message.rawSize} bytes; the limit is 25 MiB`;
    message.setReject(reason);
    return { outcome: "rejected", reason };
  }
  const route = await routeRecipient(createDb(env.DB), env.MAIL_DOMAIN, message.to);
  if (!route) {
    const reason = `No helpdesk receives mail at ${message.to}`;
    message.setReject(reason);
    return { outcome: "rejected", reason };
  }
  const raw = await new Response(message.raw).arrayBuffer();
  if (raw.byteLength > MAX_MAIL_BYTES) {
    const reason = `Message too large: ${raw.byteLength} bytes; the limit is 25 MiB`;
    message.setReject(reason);
    return { outcome: "rejected", reason };
  }
  const rawKey = rawKeyFor(route.tenantId);
  await env.FILES.put(rawKey, raw, { httpMetadata: { contentType: "message/rfc822" }, customMetadata: { from: message.from, to: message.to } });
  return processRaw(env, raw, route, { tenantId: route.tenantId, channel: "email", rawKey, envelopeFrom: message.from, envelopeTo: message.to });
}

/** Runs a kept mail through the pipeline again, from its raw bytes in R2. */
export async function replayEmail(env: Bindings, row: FailedMailRow): Promise<ProcessResult | null> {
  const object = await env.FILES.get(row.rawKey);
  if (!object) return null;
  const raw = await object.arrayBuffer();
  // Route again: the address may have moved to another category since; the tenant stays.
  const routed = row.envelopeTo ? await routeRecipient(createDb(env.DB), env.MAIL_DOMAIN, row.envelopeTo) : null;
  const route: Route = routed?.tenantId === row.tenantId ? routed : { tenantId: row.tenantId, categoryId: null };
  return processRaw(env, raw, route, {
    tenantId: row.tenantId,
    channel: "email",
    rawKey: row.rawKey,
    envelopeFrom: row.envelopeFrom,
    envelopeTo: row.envelopeTo,
    replayOf: row.id,
  });
}
