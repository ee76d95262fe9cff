// Limits D1 enforces that the local D1 of `wrangler dev` and of the tests (SQLite with its own
// defaults) does not: a statement past them works here and fails in production. The app's
// binding checks them on every statement (see `createDb`), so the tests fail where D1 would.

/** Values one statement may bind. Longer lists go in as one JSON array (`inList`, `json_each`). */
export const D1_MAX_BOUND_VALUES = 100;

/** Bytes in one string or BLOB, bound or stored, and in one row. */
export const D1_MAX_VALUE_BYTES = 2_000_000;

/** UTF-8 bytes of a string; encoded only when its length leaves room for doubt. */
export const utf8Bytes = (s: string) => (s.length * 3 <= D1_MAX_VALUE_BYTES ? s.length : new TextEncoder().encode(s).byteLength);

export function assertBindable(query: string, bound: number) {
  if (bound > D1_MAX_BOUND_VALUES) throw new Error(`D1 binds at most ${D1_MAX_BOUND_VALUES} values to a statement, this one binds ${bound}: ${query.slice(0, 200)}`);
}

export function assertStorable(query: string, values: unknown[]) {
  for (const value of values) {
    const bytes = typeof value === "string" ? utf8Bytes(value) : value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? value.byteLength : 0;
    if (bytes > D1_MAX_VALUE_BYTES) throw new Error(`D1 takes at most ${D1_MAX_VALUE_BYTES} bytes in a value, this one has ${bytes}: ${query.slice(0, 200)}`);
  }
}
