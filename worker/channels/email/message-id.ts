/**
 * Message-IDs of the mail we send name the ticket they belong to, signed with an HMAC,
 * so a reply threads even when the customer's client dropped the subject tag, and nobody
 * can forge an id that lands their mail in someone else's ticket.
 *
 *   <edk.<tenantId>.<ticketId>.<nonce>.<signature>@<MAIL_DOMAIN>>
 */

const encoder = new TextEncoder();
const SIGNATURE_HEX_LENGTH = 24; // 96 bits: far beyond guessing, short enough for headers

/** Imported once per secret (an isolate has one): every mail we send signs its Message-ID. */
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
}

async function sign(secret: string, payload: string): Promise<string> {
  const key = await hmacKey(secret);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`message-id:${payload}`)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, SIGNATURE_HEX_LENGTH);
}

/** A new Message-ID (with angle brackets) for mail sent on a ticket. */
export async function ourMessageId(secret: string, mailDomain: string, tenantId: number, ticketId: number): Promise<string> {
  const nonce = crypto.randomUUID().replace(/-/g, "").slice(0, 16);
  const payload = `${tenantId}.${ticketId}.${nonce}`;
  return `<edk.${payload}.${await sign(secret, payload)}@${mailDomain}>`;
}

const PATTERN = /^<?edk\.(\d+)\.(\d+)\.([0-9a-f]{16})\.([0-9a-f]+)@([^>\s]+)>?$/i;

/** The ticket a Message-ID of ours points at, or null when it is not ours or not genuine. */
export async function parseOurMessageId(
  secret: string,
  mailDomain: string,
  messageId: string,
): Promise<{ tenantId: number; ticketId: number } | null> {
  const match = PATTERN.exec(messageId.trim());
  if (!match || match[5]!.toLowerCase() !== mailDomain.toLowerCase()) return null;
  const [, tenantId, ticketId, nonce, signature] = match;
  const expected = await sign(secret, `${tenantId}.${ticketId}.${nonce}`);
  // Both are hex of a fixed length; compare without an early exit all the same.
  let diff = expected.length ^ signature!.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (signature!.charCodeAt(i) || 0);
  return diff === 0 ? { tenantId: Number(tenantId), ticketId: Number(ticketId) } : null;
}

/** True for any Message-ID under our domain, genuine or not: such mail is our own coming back. */
export const isOurDomainMessageId = (mailDomain: string, messageId: string) =>
  messageId.trim().replace(/>$/, "").toLowerCase().endsWith(`@${mailDomain.toLowerCase()}`);
