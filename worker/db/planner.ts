import { sql, type SQLWrapper } from "drizzle-orm";

// Hints to SQLite's query planner, which on D1 plans without statistics (no ANALYZE data).

/**
 * Every bound value written `+?` (unary plus changes no value): SQLite 3.54 (workerd 2026-11-17
 * on) plans by some bound values (a LIMIT; an equality filter no index takes, by whether it is
 * 0 or 1) and marks such a statement to be compiled again when they are rebound, and workerd
 * clears a statement's bindings after every run (`SqliteDatabase::Query::destroy`), so about a
 * quarter of the statements the tests run (82 of 298) were compiled afresh on every call, the
 * session lookup of every request among them: for the reply's read 0.25–0.49 ms of about 1.5 ms.
 * `+?` hides the value from the planner (as before 3.54) and leaves the plans as they were.
 * Quoted strings and names are left alone.
 */
export function plusParams(query: string): Rewritten {
  let rewritten = rewrites.get(query);
  if (rewritten === undefined) {
    let bound = 0;
    const text = query.replace(/'[^']*'|"[^"]*"|`[^`]*`|(?<!\+)\?|\+\?/g, (m) => {
      if (!m.endsWith("?")) return m;
      bound++;
      return "+?";
    });
    rewritten = { text, bound };
    // The app's statements are a few hundred; lists of ids vary their text, so the memory is capped.
    if (rewrites.size >= MAX_REWRITES) rewrites.clear();
    rewrites.set(query, rewritten);
  }
  return rewritten;
}

/** A statement as D1 gets it, and how many values it binds. */
interface Rewritten {
  text: string;
  bound: number;
}

/** Rewritten statements by their text: rewriting the reply's read (2.2 KB) took 22 µs, finding it 4 µs for an equal string and 0.02 µs for the same one (V8 in Node, this machine). */
const rewrites = new Map<string, Rewritten>();
const MAX_REWRITES = 1000;

/**
 * A column the planner may filter on but not look rows up by: `+tenant_id` (unary plus changes
 * no value). For `tenant_id = ? AND id IN (…)` it rates any index that starts with tenant_id as
 * good as the id lookups, and then reads every row of the tenant (2 ms at 20,000 users).
 */
export const filterOnly = (column: SQLWrapper) => sql`+${column}`;
