import { ValidationError } from "../http/errors";

/** Opaque keyset cursor: the sort value and id of the last row of a page. */
export const encodeCursor = (value: number, id: number) => btoa(JSON.stringify([value, id])).replace(/=+$/, "");

export function decodeCursor(cursor: string): [number, number] {
  try {
    const parsed: unknown = JSON.parse(atob(cursor));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((n) => Number.isSafeInteger(n))) {
      return parsed as [number, number];
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError("Invalid cursor", [{ path: "cursor", message: "Use the nextCursor of a previous page" }]);
}
