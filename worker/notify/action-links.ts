/**
 * Signed links in customer mail (accept or reject a resolution, rate the ticket). A link
 * names one tenant, ticket, user and action, expires after three days and is usable once
 * (its id is recorded on use). It grants that action and nothing else: no session.
 */
export const LINK_ACTIONS = ["accept", "reject", "rate_good", "rate_okay", "rate_bad"] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export const LINK_LIFETIME_MS = 3 * 24 * 3600 * 1000;

export interface LinkClaims {
  tenantId: number;
  ticketId: number;
  userId: number;
  action: LinkAction;
  expiresAt: number;
  /** Random id: what "usable once" records. */
  id: string;
}

const encoder = new TextEncoder();

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

async function mac(secret: string, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return b64url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`action-link:${payload}`))));
}

/** `<payload>.<signature>`, both base64url; the payload is the claims as a compact list. */
export async function signActionLink(secret: string, claims: Omit<LinkClaims, "id" | "expiresAt">, now = Date.now()): Promise<string> {
  const id = b64url(crypto.getRandomValues(new Uint8Array(12)));
  const payload = b64url(encoder.encode(JSON.stringify([claims.tenantId, claims.ticketId, claims.userId, claims.action, now + LINK_LIFETIME_MS, id])));
  return `${payload}.${await mac(secret, payload)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: "invalid" | "expired" };

/** The claims of a genuine, unexpired link; whether it was used already is checked on use. */
export async function verifyActionLink(secret: string, token: string, now = Date.now()): Promise<LinkCheck> {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length || payload.length > 400) return { ok: false, reason: "invalid" };
  const expected = await mac(secret, payload);
  let diff = expected.length ^ signature.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (signature.charCodeAt(i) || 0);
  if (diff !== 0) return { ok: false, reason: "invalid" };
  try {
    const [tenantId, ticketId, userId, action, expiresAt, id] = JSON.parse(new TextDecoder().decode(fromB64url(payload)));
    if (!LINK_ACTIONS.includes(action)) return { ok: false, reason: "invalid" };
    if (now > expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, claims: { tenantId, ticketId, userId, action, expiresAt, id } };
  } catch {
    return { ok: false, reason: "invalid" };
  }
}

/** The public URL a link opens (a confirmation page; the action runs on its POST). */
export const actionLinkUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/$/, "")}/api/v1/ticket-actions/${token}`;
