import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

// Rows and lists bound as one JSON array (`insert … select … from json_each(?)`, `in (select
// value from json_each(?))`): the same statement whatever their length, and clear of D1's 100
// bound values.

/** One member of the JSON array an insert reads its rows from (`->>` gives SQL values, `->` JSON text). */
export const member = <T>(key: string, as: "->>" | "->" = "->>") => sql<T>`value ${sql.raw(as)} ${sql.raw(`'${key}'`)}`;

/** Names each expression after its key, as drizzle asks of a select that feeds an insert. */
export const aliased = <T extends Record<string, SQL>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value.as(key)])) as { [K in keyof T]: T[K] extends SQL<infer U> ? SQL.Aliased<U> : never };

/** A column the insert leaves to SQLite (a new rowid for `id`). Drizzle wants every column, in table order. */
export const none = sql<null>`null`;

/**
 * `column in (…)` for a list that can be long (a page of 200 users, a category's 500 agents, a
 * mail's recipients): the list is bound as one JSON array, where `inArray` binds each member and
 * D1 takes at most 100 values a statement (see `D1_MAX_BOUND_VALUES`).
 */
export const inList = (column: SQLWrapper, values: readonly (string | number)[]) => sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
