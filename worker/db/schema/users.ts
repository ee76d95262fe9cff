import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, id, tenantId, updatedAt } from "./columns";

export const users = sqliteTable(
  "users",
  {
    id: id(),
    tenantId: tenantId(),
    role: text("role", { enum: ["admin", "agent", "customer"] }).notNull(),
    name: text("name").notNull(),
    xHandle: text("x_handle"),
    locale: text("locale"),
    company: text("company"),
    /** A customer who also hears about their company's tickets (the resolved notice names them). */
    companyContact: integer("company_contact", { mode: "boolean" }).notNull().default(false),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** Agents may be limited to the tickets of their categories. */
    limitedToCategories: integer("limited_to_categories", { mode: "boolean" }).notNull().default(false),
    passwordHash: text("password_hash"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("users_tenant_role").on(t.tenantId, t.role), uniqueIndex("users_tenant_x").on(t.tenantId, t.xHandle), index("users_tenant_name").on(t.tenantId, t.name), index("users_tenant_company").on(t.tenantId, t.company)],
);

/** Addresses are stored lower-cased so that inbound lookups are exact matches. */
export const userEmails = sqliteTable(
  "user_emails",
  {
    tenantId: tenantId(),
    userId: integer("user_id").notNull(),
    email: text("email").notNull(),
    primary: integer("is_primary", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.email] }), index("user_emails_tenant_user").on(t.tenantId, t.userId)],
);

/** Phone numbers in E.164 so that caller ids match however they were typed. */
export const userPhones = sqliteTable(
  "user_phones",
  {
    tenantId: tenantId(),
    userId: integer("user_id").notNull(),
    phone: text("phone").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.phone] }), index("user_phones_tenant_user").on(t.tenantId, t.userId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the cookie value; the value itself is never stored. */
    tokenHash: text("token_hash").primaryKey(),
    tenantId: tenantId(),
    userId: integer("user_id").notNull(),
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_expiry").on(t.expiresAt), index("sessions_tenant_user").on(t.tenantId, t.userId)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: id(),
    tenantId: tenantId(),
    userId: integer("user_id").notNull(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    lastUsedAt: integer("last_used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("api_tokens_tenant").on(t.tenantId)],
);

/** Fixed-window counters for login/signup throttling, keyed by scope (ip:…, account:…). */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});
