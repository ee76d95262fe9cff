import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, id, jsonText } from "./columns";
import type { TenantSettings } from "../../tenants/settings";

export const tenants = sqliteTable("tenants", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  defaultLocale: text("default_locale").notNull().default("en"),
  settings: jsonText<TenantSettings>("settings").notNull(),
  nextTicketNumber: integer("next_ticket_number").notNull().default(1),
  createdAt: createdAt(),
});
