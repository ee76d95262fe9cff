import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id, jsonText, tenantId, updatedAt } from "./columns";

export type LocalizedNames = Record<string, string>;

export const categories = sqliteTable(
  "categories",
  {
    id: id(),
    tenantId: tenantId(),
    parentId: integer("parent_id"),
    names: jsonText<LocalizedNames>("names").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("categories_tenant").on(t.tenantId)],
);

export const categoryAgents = sqliteTable(
  "category_agents",
  {
    tenantId: tenantId(),
    categoryId: integer("category_id").notNull(),
    userId: integer("user_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.userId] }), index("category_agents_user").on(t.userId)],
);

/** Where inbound mail is routed: the tenant's standard address and any custom ones. */
export const inboundAddresses = sqliteTable(
  "inbound_addresses",
  {
    id: id(),
    tenantId: tenantId(),
    address: text("address").notNull().unique(),
    categoryId: integer("category_id"),
    kind: text("kind", { enum: ["standard", "custom"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("inbound_addresses_tenant").on(t.tenantId)],
);

/**
 * A tenant's own canned texts, offered in the reply composer beside the built-in ones. `{name}`
 * (the customer's) and `{agent}` (the writer's) are filled in where the text is inserted.
 */
export const cannedTexts = sqliteTable(
  "canned_texts",
  {
    id: id(),
    tenantId: tenantId(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("canned_texts_tenant").on(t.tenantId, t.title)],
);
