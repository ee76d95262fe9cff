import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, tenantId } from "./columns";

/** Customer portal sign-in links; only the SHA-256 of the token is kept. */
export const magicLinks = sqliteTable(
  "magic_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    tenantId: tenantId(),
    userId: integer("user_id").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("magic_links_expiry").on(t.expiresAt)],
);
