// Limits D1 enforces that the local D1 of `wrangler dev` and of the tests (SQLite with its own
// defaults) does not: a statement past them works here and fails in production. The app's
// binding checks them on every statement (see `createDb`), so the tests fail where D1 would.

/** Values one statement may bind. Longer lists go in as one JSON array (`inList`, `json_each`). */
export const D1_MAX_BOUND_VALUES = 100;

/** Bytes in one string or BLOB, bound or stored, and in one row. */
export const D1_MAX_VALUE_BYTES = 2_000_000;

/** A bound value's bytes, exact where they could be over the limit: UTF-8 takes at most 3 bytes a UTF-16 unit, so only a long string is encoded. */
const bytesOf = (value: unknown) =>
  typeof value === "string"
    ? value.length * 3 <= D1_MAX_VALUE_BYTES
      ? value.length
      : new TextEncoder().encode(value).byteLength
    : value instanceof ArrayBuffer || ArrayBuffer.isView(value)
      ? value.byteLength
      : 0;

export function assertBindable(query: string, bound: number) {
  if (bound > D1_MAX_BOUND_VALUES) throw new Error(`D1 binds at most ${D1_MAX_BOUND_VALUES} values to a statement, this one binds ${bound}: ${query.slice(0, 200)}`);
}

export function assertStorable(query: string, values: unknown[]) {
  for (const value of values) {
    const bytes = bytesOf(value);
    if (bytes > D1_MAX_VALUE_BYTES) throw new Error(`D1 takes at most ${D1_MAX_VALUE_BYTES} bytes in a value, this one has ${bytes}: ${query.slice(0, 200)}`);
  }
}
