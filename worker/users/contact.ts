import { ValidationError } from "../http/errors";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Phone numbers are kept in E.164 so caller ids match however they were typed.
 * Only international forms (+… or 00…) are accepted: a national number is ambiguous.
 */
export function normalizePhone(input: string): string {
  const compact = input.replace(/[\s().\-\/]/g, "").replace(/^00/, "+");
  if (!/^\+[1-9]\d{6,14}$/.test(compact)) {
    throw new ValidationError("Invalid phone number", [
      { path: "phones", message: `"${input}" is not an international number such as +49 30 1234567` },
    ]);
  }
  return compact;
}

export const normalizeXHandle = (handle: string) => handle.trim().replace(/^@/, "").toLowerCase();
