import type { Email } from "postal-mime";
import type { DeliveryReport } from "../../inbound/message";

const decoder = new TextDecoder();
const asText = (content: ArrayBuffer | Uint8Array | string) => (typeof content === "string" ? content : decoder.decode(content));

const field = (text: string, name: string) => new RegExp(`^${name}:[ \\t]*(.+(?:\\r?\\n[ \\t]+.+)*)`, "im").exec(text)?.[1]?.replace(/\s+/g, " ").trim() ?? null;
const typed = (value: string | null) => value?.replace(/^[a-z0-9-]+;\s*/i, "").replace(/^<|>$/g, "").trim() || null;

/**
 * Reads a bounce: the delivery-status part (RFC 3464) for recipient, status and diagnostic,
 * and the returned message or its headers for the Message-ID that bounced. Falls back to
 * X-Failed-Recipients and the human-readable text for bounces without a report part.
 */
export function deliveryReport(email: Email, headers: Record<string, string>): DeliveryReport {
  const parts = email.attachments;
  const status = parts.find((a) => a.mimeType === "message/delivery-status" || a.mimeType === "message/global-delivery-status");
  const returned = parts.find((a) => a.mimeType === "message/rfc822" || a.mimeType === "text/rfc822-headers" || a.mimeType === "message/global-headers");
  const dsn = status ? asText(status.content) : "";
  const original = returned ? asText(returned.content) : (email.text ?? "");

  const recipient = typed(field(dsn, "Final-Recipient")) ?? typed(field(dsn, "Original-Recipient")) ?? headers["x-failed-recipients"]?.split(",")[0]?.trim() ?? null;
  const statusCode = field(dsn, "Status")?.match(/[245]\.\d{1,3}\.\d{1,3}/)?.[0] ?? (email.text ?? "").match(/\b([245]\.\d{1,3}\.\d{1,3})\b/)?.[1] ?? null;
  const action = field(dsn, "Action")?.toLowerCase() ?? null;
  const diagnostic = typed(field(dsn, "Diagnostic-Code"))?.slice(0, 500) ?? null;
  const messageId = /^Message-ID:[ \t]*(<[^>\s]+>)/im.exec(original)?.[1] ?? null;
  return {
    originalMessageId: messageId,
    recipient: recipient?.toLowerCase() ?? null,
    statusCode,
    permanent: statusCode ? statusCode.startsWith("5") : action !== "delayed",
    diagnostic,
  };
}
