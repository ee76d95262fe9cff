import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { smtpRelays } from "../db/schema";
import { open, seal } from "./secret-box";
import type { SmtpOptions } from "./transports/smtp";

const PURPOSE = "smtp-password";

export interface SmtpRelayInput {
  host: string;
  port: number;
  security: SmtpOptions["security"];
  username: string | null;
  /** Omitted: keep the stored one. Null: remove it. */
  password?: string | null;
  enabled: boolean;
}

/** The relay as the API shows it: never the password, only whether one is stored. */
export type SmtpRelayView = Omit<SmtpRelayInput, "password"> & { hasPassword: boolean };

/** A tenant's SMTP relay settings; the password is sealed before it touches D1. */
export function smtpRelayRepo(db: Db, secret: string, tenantId: number) {
  const where = eq(smtpRelays.tenantId, tenantId);
  return {
    async view(): Promise<SmtpRelayView | null> {
      const row = await db.query.smtpRelays.findFirst({ where });
      if (!row) return null;
      return { host: row.host, port: row.port, security: row.security, username: row.username, enabled: row.enabled, hasPassword: row.passwordEnc !== null };
    },

    async save(input: SmtpRelayInput): Promise<void> {
      const current = await db.query.smtpRelays.findFirst({ where });
      const passwordEnc =
        input.password === undefined ? (current?.passwordEnc ?? null) : input.password === null ? null : await seal(secret, PURPOSE, input.password);
      const values = { host: input.host, port: input.port, security: input.security, username: input.username, passwordEnc, enabled: input.enabled, updatedAt: Date.now() };
      await db
        .insert(smtpRelays)
        .values({ tenantId, ...values })
        .onConflictDoUpdate({ target: smtpRelays.tenantId, set: values });
    },

    async remove(): Promise<void> {
      await db.delete(smtpRelays).where(and(where));
    },
  };
}

/** The tenant's relay settings, as a read to put in a batch. */
export const relayRow = (db: Db, tenantId: number) => db.select().from(smtpRelays).where(eq(smtpRelays.tenantId, tenantId));

/** Connection options with the password opened, when the relay is configured and on. */
export async function relayOptions(row: typeof smtpRelays.$inferSelect | undefined, secret: string): Promise<SmtpOptions | null> {
  if (!row || !row.enabled) return null;
  const password = row.passwordEnc ? await open(secret, PURPOSE, row.passwordEnc) : null;
  return { host: row.host, port: row.port, security: row.security, username: row.username, password };
}
