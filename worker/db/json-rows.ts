import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { D1_MAX_VALUE_BYTES } from "./d1-limits";

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
 * mail's recipients) or a subquery: a list is bound as one JSON array, where `inArray` binds each
 * member and D1 takes at most 100 values a statement (see d1-limits.ts).
 */
export const inList = (column: SQLWrapper, values: readonly (string | number)[] | SQLWrapper) =>
  Array.isArray(values) ? sql`${column} in (select value from json_each(${JSON.stringify(values)}))` : sql`${column} in (${values})`;

/**
 * `items` as JSON arrays of at most D1's bytes a value each, in order: the rows of one insert
 * that outgrow a single value (a reply's mails, each with the message's text and HTML, one per
 * subscriber) go in as several. A typical batch of rows is one array.
 */
export function jsonArrays(items: unknown[]): string[] {
  const arrays: string[][] = [];
  let bytes = Infinity;
  for (const item of items) {
    const json = JSON.stringify(item);
    // UTF-8 takes at most 3 bytes for each UTF-16 unit: a bound that needs no encoding.
    const most = json.length * 3 + 1;
    if (bytes + most > D1_MAX_VALUE_BYTES) {
      arrays.push([]);
      bytes = 2;
    }
    arrays.at(-1)!.push(json);
    bytes += most;
  }
  return arrays.map((members) => `[${members.join(",")}]`);
}
