import { integer, text } from "drizzle-orm/sqlite-core";

/** Primary key shared by every table: SQLite rowid alias, smallest and fastest to join on. */
export const id = () => integer("id").primaryKey({ autoIncrement: true });

/** Every row belongs to one tenant; repositories always filter on it. */
export const tenantId = () => integer("tenant_id").notNull();

/** Millisecond timestamps: sortable integers, no time-zone ambiguity. */
export const createdAt = () =>
  integer("created_at", { mode: "number" }).notNull().$defaultFn(() => Date.now());

export const updatedAt = () =>
  integer("updated_at", { mode: "number" }).notNull().$defaultFn(() => Date.now());

export const jsonText = <T>(name: string) => text(name, { mode: "json" }).$type<T>();
