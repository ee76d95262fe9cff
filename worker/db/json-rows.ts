import { sql, type SQL } from "drizzle-orm";

// Inserts that read their rows from one JSON array (`insert … select … from json_each(?)`):
// the same statement whatever the number of rows, and clear of D1's 100 bound values.

/** One member of the JSON array an insert reads its rows from (`->>` gives SQL values, `->` JSON text). */
export const member = <T>(key: string, as: "->>" | "->" = "->>") => sql<T>`value ${sql.raw(as)} ${sql.raw(`'${key}'`)}`;

/** Names each expression after its key, as drizzle asks of a select that feeds an insert. */
export const aliased = <T extends Record<string, SQL>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value.as(key)])) as { [K in keyof T]: T[K] extends SQL<infer U> ? SQL.Aliased<U> : never };

/** A column the insert leaves to SQLite (a new rowid for `id`). Drizzle wants every column, in table order. */
export const none = sql<null>`null`;
