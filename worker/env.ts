import type { TenantHub } from "./realtime/tenant-hub.do";
import type { TicketRoom } from "./realtime/ticket-room.do";

export interface Bindings {
  DB: D1Database;
  FILES: R2Bucket;
  ASSETS: Fetcher;
  TICKET_ROOM: DurableObjectNamespace<TicketRoom>;
  TENANT_HUB: DurableObjectNamespace<TenantHub>;
  MAIL_DOMAIN: string;
  APP_URL: string;
  MAX_UPLOAD_BYTES: string;
  /** Worker secret: signs our Message-IDs and links, encrypts stored credentials. */
  SECRET_KEY: string;
  /** Cloudflare Email Service: the default outbound transport. */
  MAILER: SendEmail;
  /** Outbound delivery queue (retries with backoff, then the dead-letter queue). */
  OUTBOX: Queue<import("./outbound/outbox").OutboxMessage>;
}

export type Role = "admin" | "agent" | "customer";

/** Who is calling: resolved from the session cookie or a Bearer token. */
export interface Actor {
  tenantId: number;
  userId: number;
  role: Role;
  via: "session" | "token";
  /** Agents limited to the tickets of their categories. */
  limitedToCategories: boolean;
  company: string | null;
  tenantSlug: string;
  /** The user's locale, else the tenant's default. */
  locale: string;
}

export type AppEnv = {
  Bindings: Bindings;
  Variables: { actor: Actor };
};
